/*
 * test_hf_config.c - vram_model_from_hf_config on every config.json in
 * tests/data/models (copied from real repositories; tests/data/models/README.md
 * gives each file's source and the published figures used below).
 *
 * Parameter counts are asserted only where a figure is published (an
 * index's total_size divided by the checkpoint's dtype width, a count
 * printed by a public tool or model card) or worked out by hand in the
 * comment; the other files, and the trimmed or edited ones, assert the
 * structural fields (layers, KV heads, sliding and MoE layers, quantization).
 */
#include "vram_test.h"

#define M(k) VRAM_MODEL_##k

static char *data_path(const char *file)
{
    const char *dir = getenv("VRAMEST_TEST_DATA");
    if (!dir)
        fail_msg("VRAMEST_TEST_DATA is not set");
    size_t n = strlen(dir) + strlen(file) + 16;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/models/%s", dir, file);
    return p;
}

static vram_model *load(const char *name)
{
    char file[128];
    snprintf(file, sizeof file, "%s.config.json", name);
    char *path = data_path(file);
    vram_model *m = NULL;
    vram_status st = vram_model_from_hf_config_file(path, &m);
    if (st != VRAM_OK)
        fail_msg("%s: %s: %s", name, vram_status_name(st), vram_last_error());
    free(path);
    assert_ok(vram_model_validate(m));
    return m;
}

#define G(m, k) vt_get((m), VRAM_MODEL_##k)

/* Load, check the total (and active when non-zero), return the model. */
static vram_model *counts(const char *name, uint64_t total, uint64_t active)
{
    vram_model *m = load(name);
    if (G(m, PARAMS_TOTAL) != total)
        fail_msg("%s: params_total %llu, want %llu", name, (unsigned long long)G(m, PARAMS_TOTAL),
                 (unsigned long long)total);
    if (active)
        assert_int_equal(G(m, PARAMS_ACTIVE), active);
    return m;
}

static void total_only(const char *name, uint64_t total)
{
    vram_model_destroy(counts(name, total, 0));
}

/* ------------------------------------------------------------ Llama family */

static void test_hf_llama2(void **state)
{
    (void)state;
    /* total_size 13,476,839,424 = params x 2 (fp16) + the 32 x 64 rotary
     * inv_freq buffers, which stay fp32 (4 bytes each) in this checkpoint;
     * huggingface.js gguf.spec.ts prints 6,738,415,616 */
    vram_model *m = counts("llama-2-7b", (UINT64_C(13476839424) - 2048 * 4) / 2, 0);
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(6738415616));
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F16);
    assert_int_equal(G(m, NUM_KV_HEADS), 32);
    assert_int_equal(G(m, MAX_POSITION_EMBEDDINGS), 4096);
    assert_string_equal(vram_model_name(m), "meta-llama/Llama-2-7b-hf");
    vram_model_destroy(m);
    /* fp32 .bin index 26,953,670,656 = (params + 2,048) x 4 */
    m = counts("llama-2-7b-fp32-resaved", UINT64_C(26953670656) / 4 - 2048, 0);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F32);
    vram_model_destroy(m);
    /* LLaMA-1 7B's converted config: Llama-2-7b's shapes with 2048 positions,
     * so huggingface.js's Llama 2 7B count above (positions are rotary, not
     * parameters) */
    m = counts("llama-7b", UINT64_C(6738415616), 0);
    assert_int_equal(G(m, MAX_POSITION_EMBEDDINGS), 2048);
    assert_int_equal(G(m, NUM_KV_HEADS), 32);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F16);
    vram_model_destroy(m);
    /* bf16 .bin index without inv_freq: 13,476,831,232 / 2 */
    total_only("llama-2-7b-chat", UINT64_C(13476831232) / 2);
    /* fp32 index 52,063,467,520 = (params + 40 layers x 64 inv_freq) x 4 */
    total_only("llama-2-13b-fp32-resaved", UINT64_C(52063467520) / 4 - 40 * 64);
    /* fp32 index 275,906,613,248 = (params + 80 x 64) x 4 */
    m = counts("llama-2-70b-chat-fp32-resaved", UINT64_C(275906613248) / 4 - 80 * 64, 0);
    assert_int_equal(G(m, NUM_KV_HEADS), 8);
    vram_model_destroy(m);
}

/* TheBloke's GPTQ copy: the Llama-2-13B shapes (index above) and the
 * quantization_config (bits 4, group_size 128, no lm_head). */
static void test_hf_llama2_gptq(void **state)
{
    (void)state;
    vram_model *m = counts("llama-2-13b-chat-gptq", UINT64_C(52063467520) / 4 - 40 * 64, 0);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_GPTQ);
    assert_int_equal(G(m, QUANT_BITS), 4);
    assert_int_equal(G(m, QUANT_GROUP_SIZE), 128);
    assert_int_equal(G(m, QUANT_LM_HEAD), 0);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F16);
    vram_model_destroy(m);
}

static void test_hf_llama3(void **state)
{
    (void)state;
    /* huggingface.js parse-safetensors-metadata.spec.ts: "Llama-3.1-8B's 8_030_261_248";
     * Llama-3-8B has the same shapes */
    total_only("llama-3.1-8b", UINT64_C(8030261248));
    total_only("llama-3-8b-instruct-fp32-resaved", UINT64_C(8030261248));
    /* fp32 safetensors index 282,215,219,200 / 4 (vocab 128262) */
    total_only("llama-3-70b-reflection-finetune", UINT64_C(282215219200) / 4);
    /* huggingface.js: the unquantized Llama-3.3-70B count, same shapes */
    total_only("llama-3.1-70b", UINT64_C(70553706496));
    /* by hand: per layer q,o 16384^2 x 2 + k,v 16384 x 1024 x 2 = 570,425,344,
     * MLP 3 x 16384 x 53248 = 2,617,245,696, norms 2 x 16384; x 126 layers;
     * embeddings and head 2 x 128256 x 16384; final norm 16384 */
    uint64_t layer = UINT64_C(570425344) + UINT64_C(2617245696) + 2 * 16384;
    total_only("llama-3.1-405b", 126 * layer + UINT64_C(2) * 128256 * 16384 + 16384);
    assert_int_equal(126 * layer + UINT64_C(2) * 128256 * 16384 + 16384, UINT64_C(405853388800));
    /* by hand, tied, head_dim 64: per layer q,o 2048^2 x 2 + k,v 2048 x 512 x 2
     * = 10,485,760, MLP 3 x 2048 x 8192 = 50,331,648, norms 4,096; x 16;
     * one 128256 x 2048 embedding; final norm 2048 */
    vram_model *m = counts("llama-3.2-1b",
                           16 * (UINT64_C(10485760) + UINT64_C(50331648) + 4096) +
                               UINT64_C(128256) * 2048 + 2048, 0);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    assert_int_equal(G(m, HEAD_DIM), 64);
    vram_model_destroy(m);
    /* bf16 index of the re-saved 3B: 6,425,499,648 / 2 (the tied matrix once) */
    total_only("llama-3.2-3b-resaved", UINT64_C(6425499648) / 2);
    total_only("llama-3.2-3b", UINT64_C(6425499648) / 2);
}

/* The bitsandbytes 8-bit checkpoint: Llama-3.1-8B shapes, and its index
 * total_size 9,086,705,888 bytes is exactly what LLM.int8() stores: int8
 * linears (218,103,808 per layer) + an fp32 SCB per output row (43,008 rows
 * per layer) + fp16 norms, embedding and head, + one weight_format byte per
 * linear (7 x 32 = 224, bookkeeping the estimate does not load). */
static void test_hf_llama31_bnb_int8(void **state)
{
    (void)state;
    vram_model *m = counts("llama-3.1-8b-instruct-bnb-8bit", UINT64_C(8030261248), 0);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_BNB_INT8);
    assert_int_equal(G(m, QUANT_BITS), 8);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F16);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_estimate_inference(m, c, r));
    uint64_t bytes = vt_part(r, 0, VRAM_PART_WEIGHTS) + vt_part(r, 0, VRAM_PART_QUANT_METADATA);
    assert_int_equal(bytes, UINT64_C(9086705888) - 7 * 32);
    vram_result_destroy(r);
    vram_config_destroy(c);
    vram_model_destroy(m);
}

/* Llama 4 Scout (trimmed file): structure only. */
static void test_hf_llama4_scout(void **state)
{
    (void)state;
    vram_model *m = load("llama-4-scout-17b-16e-instruct");
    assert_int_equal(G(m, NUM_LAYERS), 48);
    assert_int_equal(G(m, NUM_KV_HEADS), 8);
    assert_int_equal(G(m, HEAD_DIM), 128);
    assert_int_equal(G(m, NUM_EXPERTS), 16);
    assert_int_equal(G(m, EXPERTS_PER_TOKEN), 1);
    assert_int_equal(G(m, NUM_SHARED_EXPERTS), 1);
    assert_int_equal(G(m, MOE_INTERMEDIATE_SIZE), 8192);
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 16384);
    /* interleave_moe_layer_step 1: every layer MoE */
    assert_int_equal(G(m, NUM_MOE_LAYERS), 48);
    /* chunked attention (8192) on the RoPE layers: 3 of every 4 (no_rope_layer_interval 4) */
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 36);
    assert_int_equal(G(m, SLIDING_WINDOW), 8192);
    assert_int_equal(G(m, MAX_POSITION_EMBEDDINGS), 10485760);
    assert_int_equal(G(m, EXTRA_PARAMS), 0); /* no vision_config in the trimmed file */
    vram_model_destroy(m);
}

static void test_hf_mistral(void **state)
{
    (void)state;
    /* fp32 index 28,966,928,384 / 4; v0.1 slides every layer over 4096 */
    vram_model *m = counts("mistral-7b-v0.1-resaved", UINT64_C(28966928384) / 4, 0);
    assert_int_equal(G(m, SLIDING_WINDOW), 4096);
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 32);
    vram_model_destroy(m);
    /* v0.2: the same index size, sliding_window null */
    m = counts("mistral-7b-instruct-v0.2-fp32-resaved", UINT64_C(28966928384) / 4, 0);
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 0);
    vram_model_destroy(m);
    /* v0.3 by hand: v0.1's count plus 768 more vocabulary rows in the
     * embedding and the head: + 2 x 768 x 4096 */
    total_only("mistral-7b-v0.3-mlcpreset", UINT64_C(28966928384) / 4 + UINT64_C(2) * 768 * 4096);
}

static void test_hf_mixtral(void **state)
{
    (void)state;
    /* by hand: per layer attention 4096 x (4096 + 1024 + 1024 + 4096) =
     * 41,943,040, eight experts 8 x 3 x 4096 x 14336 = 1,409,286,144, router
     * 4096 x 8, norms 8,192; x 32; embeddings and head 2 x 32000 x 4096;
     * final norm. Active: two experts, 352,321,536 per layer. */
    uint64_t common = UINT64_C(41943040) + 32768 + 8192;
    uint64_t outer = UINT64_C(2) * 32000 * 4096 + 4096;
    vram_model *m = counts("mixtral-8x7b-v0.1", 32 * (common + UINT64_C(1409286144)) + outer,
                           32 * (common + UINT64_C(352321536)) + outer);
    assert_int_equal(G(m, NUM_MOE_LAYERS), 32);
    assert_int_equal(G(m, FAMILY), VRAM_FAMILY_MIXTRAL);
    vram_model_destroy(m);
    /* WizardLM-2-8x22B bf16 index 281,241,268,224 / 2; active as test_params.c */
    vram_model_destroy(counts("wizardlm-2-8x22b-mixtral", UINT64_C(281241268224) / 2,
                              UINT64_C(39152031744)));
    vram_model_destroy(counts("mixtral-8x22b-v0.1", UINT64_C(281241268224) / 2,
                              UINT64_C(39152031744)));
}

static void test_hf_yi(void **state)
{
    (void)state;
    /* index 12,122,071,040 / 2 (bf16) */
    vram_model *m = counts("yi-1.5-6b-slerp-merge", UINT64_C(12122071040) / 2, 0);
    assert_int_equal(G(m, NUM_KV_HEADS), 4);
    assert_string_equal(vram_model_name(m), "01-ai/Yi-1.5-6B-Chat");
    vram_model_destroy(m);
}

/* ------------------------------------------------------------------ Qwen */

static void test_hf_qwen2(void **state)
{
    (void)state;
    /* ollama convert/testdata general.parameter_count of the same shapes */
    vram_model *m = counts("qwen2-0.5b-instruct-mlcpreset", UINT64_C(494032768), 0);
    assert_int_equal(G(m, QKV_BIAS), 1);
    assert_int_equal(G(m, O_BIAS), 0);
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 0); /* use_sliding_window false */
    vram_model_destroy(m);
    /* by hand (Qwen2-7B shapes): per layer q,o 3584^2 x 2 + k,v 3584 x 512 x 2
     * + biases 3584 + 2 x 512 = 29,364,736, MLP 3 x 3584 x 18944 =
     * 203,685,888, norms 7,168; x 28; embeddings and head 2 x 152064 x 3584;
     * final norm */
    uint64_t q2_7b = 28 * (UINT64_C(29364736) + UINT64_C(203685888) + 7168) +
                     UINT64_C(2) * 152064 * 3584 + 3584;
    assert_int_equal(q2_7b, UINT64_C(7615616512));
    total_only("qwen2-7b-instruct-mlcpreset", q2_7b);
    total_only("qwen2.5-7b", q2_7b);
    m = load("qwen2.5-3b");
    assert_int_equal(G(m, NUM_LAYERS), 36);
    assert_int_equal(G(m, NUM_KV_HEADS), 2);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    vram_model_destroy(m);
    m = load("qwen2.5-14b");
    assert_int_equal(G(m, NUM_LAYERS), 48);
    assert_int_equal(G(m, NUM_KV_HEADS), 8);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 0);
    vram_model_destroy(m);
    /* Qwen1.5-7B: index total_size 15,442,649,088 / 2 (bf16) */
    m = counts("qwen1.5-7b", UINT64_C(15442649088) / 2, 0);
    assert_int_equal(G(m, NUM_KV_HEADS), 32);
    assert_int_equal(G(m, QKV_BIAS), 1);
    vram_model_destroy(m);
    /* Qwen1.5-1.8B as MLC wrote it (tie_word_embeddings true, flagged in the README) */
    m = load("qwen1.5-1.8b-chat-mlcpreset");
    assert_int_equal(G(m, NUM_LAYERS), 24);
    assert_int_equal(G(m, NUM_KV_HEADS), 16);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    assert_int_equal(G(m, QKV_BIAS), 1);
    vram_model_destroy(m);
}

static void test_hf_qwen3(void **state)
{
    (void)state;
    const char *names[] = {"qwen3-0.6b", "qwen3-8b", "qwen3-32b"};
    const uint64_t layers[] = {28, 36, 64}, kv[] = {8, 8, 8}, tie[] = {1, 0, 0};
    for (int i = 0; i < 3; i++) {
        vram_model *m = load(names[i]);
        assert_int_equal(G(m, NUM_LAYERS), layers[i]);
        assert_int_equal(G(m, NUM_KV_HEADS), kv[i]);
        assert_int_equal(G(m, HEAD_DIM), 128);
        assert_int_equal(G(m, QK_NORM), 1);
        assert_int_equal(G(m, QKV_BIAS), 0);
        assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), tie[i]);
        vram_model_destroy(m);
    }
    vram_model *m = load("qwen3-30b-a3b");
    assert_int_equal(G(m, NUM_MOE_LAYERS), 48);
    assert_int_equal(G(m, NUM_EXPERTS), 128);
    assert_int_equal(G(m, EXPERTS_PER_TOKEN), 8);
    assert_int_equal(G(m, MOE_INTERMEDIATE_SIZE), 768);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_NONE);
    vram_model_destroy(m);
    /* the FP8 checkpoint: e4m3 with 128 x 128 block scales */
    m = load("qwen3-30b-a3b-fp8");
    assert_int_equal(G(m, NUM_MOE_LAYERS), 48);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_FP8);
    assert_int_equal(G(m, QUANT_BITS), 8);
    assert_int_equal(G(m, QUANT_BLOCK_SIZE), 128);
    vram_model_destroy(m);
}

/* Qwen3-14B by hand: per layer q and o 2 x 5120^2, k and v 2 x 5120 x 1024
 * (8 KV heads of 128), MLP 3 x 5120 x 17408, two norms 2 x 5120, q_norm and
 * k_norm 2 x 128 = 330,311,936; x 40 layers; untied embedding and head
 * 2 x 151936 x 5120; final norm 5120. In bf16 that is 29,536,614,400 bytes,
 * 27.51 GiB, the weights vLLM logged for it (measured.jsonl
 * vllm-llmd-qwen3-14b-v0.16.0: 27.52 GiB). */
static void test_hf_qwen3_14b(void **state)
{
    (void)state;
    uint64_t layer = UINT64_C(2) * 5120 * 5120 + UINT64_C(2) * 5120 * 1024 +
                     UINT64_C(3) * 5120 * 17408 + 2 * 5120 + 2 * 128;
    assert_int_equal(layer, UINT64_C(330311936));
    vram_model *m = counts("qwen3-14b", 40 * layer + UINT64_C(2) * 151936 * 5120 + 5120, 0);
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(14768307200));
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_BF16);
    assert_int_equal(G(m, NUM_KV_HEADS), 8);
    assert_int_equal(G(m, MAX_POSITION_EMBEDDINGS), 40960);
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 0); /* sliding_window null, use_sliding_window false */
    vram_model_destroy(m);
}

/* Qwen3-235B-A22B-FP8 by hand: per layer attention q 4096 x 8192, k and v
 * 2 x 4096 x 512, o 8192 x 4096 = 71,303,168, q_norm/k_norm 2 x 128, two
 * norms 2 x 4096, 128 experts 128 x 3 x 4096 x 1536 = 2,415,919,104, router
 * 4096 x 128; x 94; untied 2 x 151936 x 4096; final norm 4096:
 * 235,093,634,560 ("235B" in the model's name). Active: 8 of the 128 experts,
 * 22,190,763,520 ("A22B"). The quantization_config is block fp8 (e4m3,
 * 128 x 128). */
static void test_hf_qwen3_235b_fp8(void **state)
{
    (void)state;
    uint64_t common = UINT64_C(71303168) + 2 * 128 + 2 * 4096 + UINT64_C(4096) * 128;
    uint64_t expert = UINT64_C(3) * 4096 * 1536;
    uint64_t outer = UINT64_C(2) * 151936 * 4096 + 4096;
    vram_model *m = counts("qwen3-235b-a22b-fp8", 94 * (common + 128 * expert) + outer,
                           94 * (common + 8 * expert) + outer);
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(235093634560));
    assert_int_equal(G(m, PARAMS_ACTIVE), UINT64_C(22190763520));
    assert_int_equal(G(m, NUM_MOE_LAYERS), 94);
    assert_int_equal(G(m, NUM_KV_HEADS), 4);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_FP8);
    assert_int_equal(G(m, QUANT_BITS), 8);
    assert_int_equal(G(m, QUANT_BLOCK_SIZE), 128);
    vram_model_destroy(m);
}

/* ------------------------------------------------------------------ Gemma */

static void test_hf_gemma(void **state)
{
    (void)state;
    /* bf16 index 5,012,344,832 / 2; MQA, tied by the Gemma default */
    vram_model *m = counts("gemma-2b-it", UINT64_C(5012344832) / 2, 0);
    assert_int_equal(G(m, NUM_KV_HEADS), 1);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    assert_int_equal(G(m, NORMS_PER_LAYER), 2);
    vram_model_destroy(m);
    /* Gemma 2: four norms, window 4096 on every other layer */
    const char *g2[] = {"gemma-2-2b-mlcpreset", "gemma-2-9b-it", "gemma-2-27b-mlcpreset"};
    const uint64_t l2[] = {26, 42, 46};
    for (int i = 0; i < 3; i++) {
        m = load(g2[i]);
        assert_int_equal(G(m, NUM_LAYERS), l2[i]);
        assert_int_equal(G(m, NORMS_PER_LAYER), 4);
        assert_int_equal(G(m, SLIDING_WINDOW), 4096);
        assert_int_equal(G(m, NUM_SLIDING_LAYERS), l2[i] / 2);
        vram_model_destroy(m);
    }
    /* Gemma 3 1B: window 512, pattern 6: layers 5, 11, 17, 23 global -> 22 of 26 slide */
    m = load("gemma-3-1b-it-mlcpreset");
    assert_int_equal(G(m, SLIDING_WINDOW), 512);
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 22);
    assert_int_equal(G(m, QK_NORM), 1);
    assert_int_equal(G(m, NUM_KV_HEADS), 1);
    vram_model_destroy(m);
}

/* MedGemma 27B (Gemma 3 27B): the index's total_size 54,864,813,280 bytes of
 * bf16 is the tied text model, the SigLIP tower and the projector exactly
 * (its metadata total_parameters counts the tied head twice). */
static void test_hf_gemma3_vlm(void **state)
{
    (void)state;
    vram_model *m = counts("gemma-3-27b-medgemma-27b-it", UINT64_C(54864813280) / 2, 0);
    assert_int_equal(G(m, NUM_LAYERS), 62);
    /* layer_types: 5 sliding then 1 global, 62 layers -> 10 global */
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 52);
    assert_int_equal(G(m, SLIDING_WINDOW), 1024);
    /* SigLIP by hand: 27 layers of 15,239,504 (4 x (1152^2 + 1152) + 4 x 1152
     * + 1152 x 4304 + 4304 + 4304 x 1152 + 1152), patch conv 588 x 1152 + 1152,
     * 4096 positions x 1152, post-LN 2 x 1152; projector 1152 x 5376 + 1152 */
    uint64_t vit = 27 * UINT64_C(15239504) + 588 * 1152 + 1152 + UINT64_C(4096) * 1152 + 2 * 1152;
    assert_int_equal(G(m, EXTRA_PARAMS), vit + UINT64_C(1152) * 5376 + 1152);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_estimate_inference(m, c, r));
    /* every bf16 byte of the checkpoint, no more */
    assert_int_equal(vt_part(r, 0, VRAM_PART_WEIGHTS), UINT64_C(54864813280));
    vram_result_destroy(r);
    vram_config_destroy(c);
    vram_model_destroy(m);
}

/* ------------------------------------------------------------------- Phi */

static void test_hf_phi(void **state)
{
    (void)state;
    /* bf16 index 7,642,159,104 / 2, both context variants */
    vram_model *m = counts("phi-3-mini-128k-instruct", UINT64_C(7642159104) / 2, 0);
    assert_int_equal(G(m, FUSED_QKV), 1);
    assert_int_equal(G(m, FUSED_GATE_UP), 1);
    assert_int_equal(G(m, SLIDING_WINDOW), 262144);
    vram_model_destroy(m);
    m = counts("phi-3-mini-4k-slerp-merge", UINT64_C(7642159104) / 2, 0);
    assert_int_equal(G(m, SLIDING_WINDOW), 2047);
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 32);
    vram_model_destroy(m);
    m = load("phi-4");
    assert_int_equal(G(m, NUM_LAYERS), 40);
    assert_int_equal(G(m, NUM_KV_HEADS), 10);
    assert_int_equal(G(m, FAMILY), VRAM_FAMILY_PHI3);
    vram_model_destroy(m);
    /* Phi-2 by hand: per layer q, k, v, dense 4 x (2560^2 + 2560), fc1
     * 2560 x 10240 + 10240, fc2 10240 x 2560 + 2560, one LayerNorm 2 x 2560
     * = 78,671,360; x 32; embedding 51200 x 2560; untied lm_head with bias
     * 51200 x 2560 + 51200; final LayerNorm 2 x 2560 */
    uint64_t layer = UINT64_C(4) * (2560 * 2560 + 2560) + UINT64_C(2560) * 10240 + 10240 +
                     UINT64_C(10240) * 2560 + 2560 + 2 * 2560;
    assert_int_equal(layer, UINT64_C(78671360));
    m = counts("phi-2", 32 * layer + UINT64_C(51200) * 2560 * 2 + 51200 + 2 * 2560, 0);
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(2779683840));
    assert_int_equal(G(m, FAMILY), VRAM_FAMILY_PHI);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F16);
    assert_int_equal(G(m, NUM_KV_HEADS), 32);
    vram_model_destroy(m);
}

/* -------------------------------------------------------------- DeepSeek */

static void test_hf_deepseek(void **state)
{
    (void)state;
    /* models README (and test_params.c, worked there): 671,026,419,200 total,
     * 37,552,297,472 active without the MTP layer */
    vram_model *m = counts("deepseek-v3", UINT64_C(671026419200), UINT64_C(37552297472));
    assert_int_equal(G(m, NUM_MOE_LAYERS), 58);
    assert_int_equal(G(m, ROUTER_BIAS), 1); /* topk_method noaux_tc */
    assert_int_equal(G(m, QUANT), VRAM_QUANT_FP8);
    assert_int_equal(G(m, QUANT_BLOCK_SIZE), 128);
    assert_int_equal(G(m, KV_LORA_RANK), 512);
    vram_model_destroy(m);
    /* V2-Lite from MLC's preset: no q_lora_rank key, so transformers'
     * default 1536 applies (see tests/data/models/README.md) */
    m = load("deepseek-v2-lite-mlcpreset");
    assert_int_equal(G(m, Q_LORA_RANK), 1536);
    assert_int_equal(G(m, NUM_EXPERTS), 64);
    assert_int_equal(G(m, NUM_SHARED_EXPERTS), 2);
    assert_int_equal(G(m, EXPERTS_PER_TOKEN), 6);
    assert_int_equal(G(m, NUM_MOE_LAYERS), 26); /* first_k_dense_replace 1 */
    assert_int_equal(G(m, ROUTER_BIAS), 0);     /* topk_method greedy */
    vram_model_destroy(m);
}

/* The same file with "q_lora_rank": null, as the real V2-Lite config
 * writes it: the plain q_proj and the README's count, 15,706,484,224. */
static void test_hf_deepseek_v2_lite_null_q_lora(void **state)
{
    (void)state;
    char *path = data_path("deepseek-v2-lite-mlcpreset.config.json");
    size_t len = 0;
    char *text = vt_read(path, &len);
    assert_non_null(text);
    free(path);
    const char *at = strstr(text, "\"kv_lora_rank\"");
    assert_non_null(at);
    size_t pre = (size_t)(at - text);
    const char *ins = "\"q_lora_rank\": null, ";
    char *doc = malloc(len + strlen(ins) + 1);
    assert_non_null(doc);
    memcpy(doc, text, pre);
    memcpy(doc + pre, ins, strlen(ins));
    memcpy(doc + pre + strlen(ins), text + pre, len - pre + 1);
    vram_model *m = NULL;
    assert_ok(vram_model_from_hf_config(doc, len + strlen(ins), &m));
    assert_int_equal(G(m, Q_LORA_RANK), 0);
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(15706484224));
    vram_model_destroy(m);
    free(doc);
    free(text);
}

/* ---------------------------------------------------------------- Falcon */

/* The Falcon indexes list the tied lm_head.weight beside
 * word_embeddings.weight: total_size / 2 counts 65024 x hidden twice. */
static void test_hf_falcon(void **state)
{
    (void)state;
    vram_model *m = counts("falcon-7b-instruct", UINT64_C(14434379520) / 2 - UINT64_C(65024) * 4544, 0);
    assert_int_equal(G(m, NUM_KV_HEADS), 1); /* multi_query */
    assert_int_equal(G(m, NORMS_PER_LAYER), 1);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    vram_model_destroy(m);
    /* the old RefinedWeb keys: n_head 128, n_head_kv 8, n_layer 60 */
    m = counts("falcon-40b", UINT64_C(83671941120) / 2 - UINT64_C(65024) * 8192, 0);
    assert_int_equal(G(m, NUM_LAYERS), 60);
    assert_int_equal(G(m, NUM_HEADS), 128);
    assert_int_equal(G(m, NUM_KV_HEADS), 8);
    assert_int_equal(G(m, NORMS_PER_LAYER), 2);
    vram_model_destroy(m);
    /* new_decoder_architecture, num_kv_heads 8: safetensors index 359,045,130,240 */
    m = counts("falcon-180b-chat", UINT64_C(359045130240) / 2 - UINT64_C(65024) * 14848, 0);
    assert_int_equal(G(m, NUM_KV_HEADS), 8);
    assert_int_equal(G(m, NORMS_PER_LAYER), 2);
    vram_model_destroy(m);
}

/* ------------------------------------------------- GPT-2, GPT-J, NeoX, MPT */

static void test_hf_gpt2_gptj(void **state)
{
    (void)state;
    /* GPT-2 small by hand (test_params.c): 124,439,808 */
    vram_model *m = counts("gpt2", UINT64_C(124439808), 0);
    assert_int_equal(G(m, LEARNED_POSITIONS), 1024);
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 4 * 768); /* n_inner null */
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F32);
    assert_string_equal(vram_model_name(m), "gpt2");
    vram_model_destroy(m);
    /* GPT-J-6B fp32 .bin index 24,320,971,760 bytes also holds, per layer, the
     * bool causal mask attn.bias (2048 x 2048 bytes) and the fp32 scalar
     * attn.masked_bias (4 bytes); the rest / 4 is the parameter count */
    uint64_t gptj = (UINT64_C(24320971760) - 28 * (UINT64_C(2048) * 2048 + 4)) / 4;
    m = counts("gpt-j-6b", gptj, 0);
    assert_int_equal(G(m, LM_HEAD_BIAS), 1);
    assert_int_equal(G(m, NORMS_PER_LAYER), 1);
    vram_model_destroy(m);
    total_only("gpt-j-6b-mlcpreset", gptj);
}

static void test_hf_neox_mpt_stablelm_olmo(void **state)
{
    (void)state;
    /* EleutherAI/pythia README: Pythia-410M 405,334,016 and Pythia-6.9B
     * 6,857,302,016 (the RedPajama file has the 6.9B shapes) */
    vram_model *m = counts("pythia-410m-finetune", UINT64_C(405334016), 0);
    assert_int_equal(G(m, PARALLEL_ATTN), 1);
    vram_model_destroy(m);
    m = counts("redpajama-incite-7b-base-gptneox", UINT64_C(6857302016), 0);
    assert_int_equal(G(m, PARALLEL_ATTN), 0);
    vram_model_destroy(m);
    /* MPT-7B bf16 index 13,298,573,312 / 2 (ALiBi: no position table) */
    m = counts("mpt-7b-instruct", UINT64_C(13298573312) / 2, 0);
    assert_int_equal(G(m, LEARNED_POSITIONS), 0);
    assert_int_equal(G(m, NORM_KIND), VRAM_NORM_LAYER_NO_BIAS);
    vram_model_destroy(m);
    /* StableLM-3B-4E1T by hand: per layer 4 x 2560^2 + 3 x 2560 x 6912 +
     * two LayerNorms 4 x 2560 = 79,308,800; x 32; untied 2 x 50304 x 2560;
     * final LayerNorm 5120 */
    total_only("stablelm-3b-mlcpreset", 32 * UINT64_C(79308800) + UINT64_C(2) * 50304 * 2560 + 5120);
    /* OLMo 2 (trimmed): q/k norms over all heads, untied, fp32 */
    m = load("olmo2-7b-mlcpreset");
    assert_int_equal(G(m, QK_NORM), 2);
    assert_int_equal(G(m, NUM_LAYERS), 32);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F32);
    vram_model_destroy(m);
}

/* EXAONE 4.0 1.2B W4A16: by hand, with the q/k norms the README's figure
 * leaves out: per layer q,o 2048^2 x 2 + k,v 2048 x 512 x 2 = 10,485,760, MLP
 * 3 x 2048 x 4096 = 25,165,824, two norms 4,096, q_norm + k_norm 2 x 64;
 * x 30; one tied 102400 x 2048 embedding; final norm 2048. */
static void test_hf_exaone4_compressed_tensors(void **state)
{
    (void)state;
    uint64_t layer = UINT64_C(10485760) + UINT64_C(25165824) + 4096 + 128;
    vram_model *m = counts("exaone-4.0-1.2b-w4a16-compressed-tensors",
                           30 * layer + UINT64_C(102400) * 2048 + 2048, 0);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_INT);
    assert_int_equal(G(m, QUANT_BITS), 4);
    assert_int_equal(G(m, QUANT_GROUP_SIZE), 128);
    assert_int_equal(G(m, QUANT_LM_HEAD), 0); /* "ignore": ["lm_head"] */
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 0);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_BF16); /* "dtype", not torch_dtype */
    vram_model_destroy(m);
}

/* --------------------------------------------------------------- gpt-oss */

static void test_hf_gpt_oss(void **state)
{
    (void)state;
    /* huggingface.js parse-safetensors-metadata.spec.ts: BF16 + U8 (packed x 2) */
    vram_model *m = counts("gpt-oss-20b", UINT64_C(1804459584) + UINT64_C(19110297600), 0);
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 12); /* layer_types: alternate */
    assert_int_equal(G(m, SLIDING_WINDOW), 128);
    assert_int_equal(G(m, NUM_MOE_LAYERS), 24);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_MXFP4);
    vram_model_destroy(m);
    m = counts("gpt-oss-120b", UINT64_C(2167371072) + UINT64_C(114661785600), 0);
    assert_int_equal(G(m, NUM_EXPERTS), 128);
    assert_int_equal(G(m, NUM_SLIDING_LAYERS), 18);
    vram_model_destroy(m);
}

/* ------------------------------------------------------------------ VLMs */

/* Qwen2-VL-7B-Instruct: index total_size 16,582,751,232 / 2. By hand the
 * vision tower is 675,759,104: patch Conv3d 3 x 2 x 14 x 14 x 1280; 32
 * blocks of 19,677,440 (LayerNorms 4 x 1280, qkv 1280 x 3840 + 3840, proj
 * 1280^2 + 1280, fc1 1280 x 5120 + 5120, fc2 5120 x 1280 + 1280); merger
 * LayerNorm 2 x 1280, 5120^2 + 5120, 5120 x 3584 + 3584. */
static void test_hf_qwen2_vl(void **state)
{
    (void)state;
    vram_model *m = counts("qwen2-vl-7b-instruct", UINT64_C(16582751232) / 2, 0);
    uint64_t vit = UINT64_C(1176) * 1280 + 32 * UINT64_C(19677440) + 2 * 1280 +
                   (UINT64_C(5120) * 5120 + 5120) + (UINT64_C(5120) * 3584 + 3584);
    assert_int_equal(G(m, EXTRA_PARAMS), vit);
    assert_int_equal(G(m, NUM_LAYERS), 28);
    assert_int_equal(G(m, NUM_KV_HEADS), 4);
    /* DESIGN.md 4.3: 4 KV heads x 128 x (K + V) x 28 layers per token */
    assert_int_equal(G(m, KV_ELEMENTS_PER_TOKEN), UINT64_C(28) * 4 * 256);
    vram_model_destroy(m);
}

/* Qwen3-VL-8B (possibly trimmed): structure, and the vision tower by hand:
 * patch Conv3d 3 x 2 x 16 x 16 x 1152 + 1152, 2304 positions x 1152, 27
 * blocks of 15,239,504 (LayerNorms 4 x 1152, qkv 1152 x 3456 + 3456, proj
 * 1152^2 + 1152, fc1 1152 x 4304 + 4304, fc2 4304 x 1152 + 1152), the merger
 * (LayerNorm 2 x 1152, 4608^2 + 4608, 4608 x 4096 + 4096) and three deepstack
 * mergers (LayerNorm 2 x 4608, the same two linears). */
static void test_hf_qwen3_vl(void **state)
{
    (void)state;
    vram_model *m = load("qwen3-vl-8b-instruct");
    assert_int_equal(G(m, NUM_LAYERS), 36);
    assert_int_equal(G(m, NUM_KV_HEADS), 8);
    assert_int_equal(G(m, QK_NORM), 1);
    assert_int_equal(G(m, MAX_POSITION_EMBEDDINGS), 262144);
    uint64_t lin = (UINT64_C(4608) * 4608 + 4608) + (UINT64_C(4608) * 4096 + 4096);
    uint64_t vit = UINT64_C(1536) * 1152 + 1152 + UINT64_C(2304) * 1152 + 27 * UINT64_C(15239504) +
                   (2 * 1152 + lin) + 3 * (2 * 4608 + lin);
    assert_int_equal(G(m, EXTRA_PARAMS), vit);
    vram_model_destroy(m);
}

/* LLaVA-1.5-7B: the text_config gives a few keys, LlamaConfig's defaults
 * the rest (4096, 32 layers, 32 heads, 11008). By hand: Llama-2-7B with
 * vocab 32064 (+ 2 x 64 x 4096); CLIP ViT-L/14-336: class 1024, patch conv
 * 3 x 14 x 14 x 1024, 577 positions x 1024, pre/post LayerNorms 4 x 1024, 24
 * layers of 12,596,224 (4 x (1024^2 + 1024) + 4 x 1024 + 1024 x 4096 + 4096 +
 * 4096 x 1024 + 1024); projector 1024 x 4096 + 4096 + 4096^2 + 4096. */
static void test_hf_llava(void **state)
{
    (void)state;
    uint64_t lm = UINT64_C(6738415616) + UINT64_C(2) * 64 * 4096;
    uint64_t vit = 1024 + UINT64_C(588) * 1024 + UINT64_C(577) * 1024 + 4 * 1024 +
                   24 * UINT64_C(12596224);
    uint64_t proj = UINT64_C(1024) * 4096 + 4096 + UINT64_C(4096) * 4096 + 4096;
    vram_model *m = counts("llava-1.5-7b-hf", lm + vit + proj, 0);
    assert_int_equal(G(m, HIDDEN_SIZE), 4096);
    assert_int_equal(G(m, NUM_LAYERS), 32);
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 11008);
    assert_int_equal(G(m, VOCAB_SIZE), 32064);
    assert_int_equal(G(m, EXTRA_PARAMS), vit + proj);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F16);
    vram_model_destroy(m);
}

/* InternVL2-1B: the llm_config (Qwen2-0.5B, vocab 151655, tied) and
 * InternViT-300M-448px by hand: class 1024, patch conv 3 x 14 x 14 x 1024 +
 * 1024, 1025 positions x 1024; 24 layers of 12,598,272 (qkv 1024 x 3072 +
 * 3072, proj 1024^2 + 1024, fc1 1024 x 4096 + 4096, fc2 4096 x 1024 + 1024,
 * two LayerNorms 4 x 1024, ls1/ls2 2 x 1024); mlp1 (downsample 0.5): LayerNorm
 * 2 x 4096, 4096 x 896 + 896, 896^2 + 896. */
static void test_hf_internvl2(void **state)
{
    (void)state;
    vram_model *m = load("internvl2-1b");
    assert_int_equal(G(m, NUM_LAYERS), 24);
    assert_int_equal(G(m, NUM_KV_HEADS), 2);
    assert_int_equal(G(m, VOCAB_SIZE), 151655);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    assert_int_equal(G(m, QKV_BIAS), 1);
    uint64_t vit = 1024 + UINT64_C(588) * 1024 + 1024 + UINT64_C(1025) * 1024 +
                   24 * UINT64_C(12598272);
    uint64_t mlp1 = 2 * 4096 + UINT64_C(4096) * 896 + 896 + UINT64_C(896) * 896 + 896;
    assert_int_equal(G(m, EXTRA_PARAMS), vit + mlp1);
    vram_model_destroy(m);
}

/* Molmo-7B-D in bitsandbytes NF4: the language model (Qwen2-7B widths, a
 * SwiGLU of 37888 / 2), the quantization; the vision tower is not in the
 * config, so extra_params is 0. */
static void test_hf_molmo_bnb_nf4(void **state)
{
    (void)state;
    vram_model *m = load("molmo-7b-d-bnb-nf4");
    assert_int_equal(G(m, NUM_LAYERS), 28);
    assert_int_equal(G(m, NUM_KV_HEADS), 4);
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 18944);
    assert_int_equal(G(m, VOCAB_SIZE), 152064);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_BNB_NF4);
    assert_int_equal(G(m, QUANT_BITS), 4);
    assert_int_equal(G(m, QUANT_DOUBLE_QUANT), 0);
    assert_int_equal(G(m, EXTRA_PARAMS), 0);
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_F16);
    vram_model_destroy(m);
}

/* ----------------------------------------------------- synthetic configs */

static vram_model *from_text(const char *json)
{
    vram_model *m = NULL;
    vram_status st = vram_model_from_hf_config(json, strlen(json), &m);
    if (st != VRAM_OK)
        fail_msg("%s: %s", vram_status_name(st), vram_last_error());
    return m;
}

static void expect_error(const char *json, vram_status want, const char *frag)
{
    static int sentinel;
    vram_model *m = (vram_model *)(void *)&sentinel; /* must be reset to NULL */
    vram_status st = vram_model_from_hf_config(json, strlen(json), &m);
    if (st != want || !strstr(vram_last_error(), frag))
        fail_msg("%s: got %s \"%s\", want %s with \"%s\"", json, vram_status_name(st),
                 vram_last_error(), vram_status_name(want), frag);
    assert_null(m);
}

/* Qwen 1 (model_type "qwen", remote code): the keys of Qwen/Qwen-7B's
 * config. By hand: c_attn 4096 x 12288 + 12288, c_proj 4096^2, w1/w2/c_proj
 * 3 x 4096 x 11008 (intermediate_size 22016 counts both halves), two norms;
 * x 32; embedding and untied head 2 x 151936 x 4096; final norm: 7,721,324,544,
 * the count Qwen published for Qwen-7B. */
static void test_hf_qwen1(void **state)
{
    (void)state;
    vram_model *m = from_text("{\"architectures\": [\"QWenLMHeadModel\"], \"model_type\": \"qwen\","
                              " \"hidden_size\": 4096, \"intermediate_size\": 22016,"
                              " \"kv_channels\": 128, \"no_bias\": true, \"num_attention_heads\": 32,"
                              " \"num_hidden_layers\": 32, \"seq_length\": 8192,"
                              " \"tie_word_embeddings\": false, \"vocab_size\": 151936}");
    uint64_t layer = UINT64_C(4096) * 12288 + 12288 + UINT64_C(4096) * 4096 +
                     UINT64_C(3) * 4096 * 11008 + 2 * 4096;
    assert_int_equal(G(m, PARAMS_TOTAL), 32 * layer + UINT64_C(2) * 151936 * 4096 + 4096);
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(7721324544));
    assert_int_equal(G(m, FAMILY), VRAM_FAMILY_QWEN1);
    assert_int_equal(G(m, MAX_POSITION_EMBEDDINGS), 8192);
    vram_model_destroy(m);
    expect_error("{\"model_type\": \"qwen\", \"hidden_size\": 64, \"num_attention_heads\": 4,"
                 " \"num_hidden_layers\": 2, \"vocab_size\": 10}",
                 VRAM_E_INCOMPLETE, "\"intermediate_size\" is missing");
    /* Qwen/Qwen-1_8B's own config.json (CRLF line ends, as stored). By hand:
     * c_attn 2048 x 6144 + 6144, c_proj 2048^2, w1/w2/c_proj 3 x 2048 x 5504
     * (intermediate_size 11008 counts both halves), two RMSNorms 2 x 2048
     * = 50,604,032; x 24; untied embedding and head 2 x 151936 x 2048; final
     * norm 2048 */
    uint64_t l18 = UINT64_C(2048) * 6144 + 6144 + UINT64_C(2048) * 2048 +
                   UINT64_C(3) * 2048 * 5504 + 2 * 2048;
    assert_int_equal(l18, UINT64_C(50604032));
    m = counts("qwen-1_8b", 24 * l18 + UINT64_C(2) * 151936 * 2048 + 2048, 0);
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(1836828672));
    assert_int_equal(G(m, FAMILY), VRAM_FAMILY_QWEN1);
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 5504);
    assert_int_equal(G(m, HEAD_DIM), 128);
    assert_int_equal(G(m, MAX_POSITION_EMBEDDINGS), 8192);
    vram_model_destroy(m);
}

/* OPT (model_type "opt"): the keys of facebook/opt-125m's config, which are
 * also OPTConfig's defaults. By hand: embed_tokens 50272 x 768, learned
 * positions (2048 + 2) x 768; per layer q/k/v/out_proj 4 x (768^2 + 768), fc1
 * 768 x 3072 + 3072, fc2 3072 x 768 + 768, two LayerNorms 4 x 768
 * = 7,087,872; x 12; final LayerNorm 2 x 768; the head tied: 125,239,296. */
static void test_hf_opt(void **state)
{
    (void)state;
    uint64_t layer = UINT64_C(4) * (768 * 768 + 768) + UINT64_C(768) * 3072 + 3072 +
                     UINT64_C(3072) * 768 + 768 + 4 * 768;
    assert_int_equal(layer, UINT64_C(7087872));
    uint64_t want = UINT64_C(50272) * 768 + UINT64_C(2050) * 768 + 12 * layer + 2 * 768;
    assert_int_equal(want, UINT64_C(125239296));
    vram_model *m = from_text("{\"architectures\": [\"OPTForCausalLM\"], \"model_type\": \"opt\","
                              " \"hidden_size\": 768, \"ffn_dim\": 3072, \"num_attention_heads\": 12,"
                              " \"num_hidden_layers\": 12, \"max_position_embeddings\": 2048,"
                              " \"vocab_size\": 50272, \"word_embed_proj_dim\": 768,"
                              " \"do_layer_norm_before\": true, \"torch_dtype\": \"float16\"}");
    assert_int_equal(G(m, PARAMS_TOTAL), want);
    assert_int_equal(G(m, LEARNED_POSITIONS), 2050);
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    assert_int_equal(G(m, MLP_KIND), VRAM_MLP_PLAIN);
    assert_int_equal(G(m, NORM_KIND), VRAM_NORM_LAYER);
    vram_model_destroy(m);
    /* every key absent: OPTConfig's defaults, the same model */
    m = from_text("{\"model_type\": \"opt\"}");
    assert_int_equal(G(m, PARAMS_TOTAL), want);
    vram_model_destroy(m);
    /* post-LayerNorm (do_layer_norm_before false, as OPT-350m): no final norm */
    m = from_text("{\"model_type\": \"opt\", \"do_layer_norm_before\": false}");
    assert_int_equal(G(m, PARAMS_TOTAL), want - 2 * 768);
    vram_model_destroy(m);
    /* enable_bias false: the 12 x (4 x 768 + 3072 + 768) biases go */
    m = from_text("{\"model_type\": \"opt\", \"enable_bias\": false}");
    assert_int_equal(G(m, PARAMS_TOTAL), want - 12 * (4 * 768 + 3072 + 768));
    vram_model_destroy(m);
    /* OPT-350m's narrower embedding with project_in/project_out */
    expect_error("{\"model_type\": \"opt\", \"hidden_size\": 1024, \"num_attention_heads\": 16,"
                 " \"word_embed_proj_dim\": 512}", VRAM_E_UNSUPPORTED, "word_embed_proj_dim 512");
}

/* BLOOM (model_type "bloom") with bloom-7b1's shapes (4096, 30 layers, 32
 * heads, vocab 250880). By hand: word_embeddings 250880 x 4096 and its
 * LayerNorm 2 x 4096; per block query_key_value 4096 x 12288 + 12288, dense
 * 4096^2 + 4096, dense_h_to_4h 4096 x 16384 + 16384, dense_4h_to_h
 * 16384 x 4096 + 4096, two LayerNorms 4 x 4096 = 201,379,840; x 30; ln_f
 * 2 x 4096; the head tied: 7,069,016,064, the count Hugging Face reports for
 * bigscience/bloom-7b1 and bloomz-7b1 (quoted in public code, e.g. search
 * index ids 45606897631 and 69420327142). */
static void test_hf_bloom(void **state)
{
    (void)state;
    uint64_t layer = UINT64_C(4096) * 12288 + 12288 + UINT64_C(4096) * 4096 + 4096 +
                     UINT64_C(4096) * 16384 + 16384 + UINT64_C(16384) * 4096 + 4096 + 4 * 4096;
    assert_int_equal(layer, UINT64_C(201379840));
    uint64_t want = UINT64_C(250880) * 4096 + 2 * 4096 + 30 * layer + 2 * 4096;
    assert_int_equal(want, UINT64_C(7069016064));
    vram_model *m = from_text("{\"architectures\": [\"BloomForCausalLM\"], \"model_type\": \"bloom\","
                              " \"hidden_size\": 4096, \"n_layer\": 30, \"n_head\": 32,"
                              " \"vocab_size\": 250880}");
    assert_int_equal(G(m, PARAMS_TOTAL), want);
    assert_int_equal(G(m, LEARNED_POSITIONS), 0); /* ALiBi */
    assert_int_equal(G(m, FUSED_QKV), 1);
    assert_int_equal(G(m, FAMILY), VRAM_FAMILY_GPT_NEOX);
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 4 * 4096);
    vram_model_destroy(m);
    /* the older spelling n_embed */
    m = from_text("{\"model_type\": \"bloom\", \"n_embed\": 4096, \"n_layer\": 30, \"n_head\": 32}");
    assert_int_equal(G(m, PARAMS_TOTAL), want);
    vram_model_destroy(m);
}

/* GPTBigCode (model_type "gpt_bigcode") with StarCoder's shapes (6144, 40
 * layers, 48 heads of 128, n_inner 24576, 8192 positions, vocab 49152). By
 * hand, multi_query: per block c_attn 6144 x (6144 + 2 x 128) + 6400, c_proj
 * 6144^2 + 6144, c_fc 6144 x 24576 + 24576, c_proj 24576 x 6144 + 6144, two
 * LayerNorms 4 x 6144 = 379,128,064; x 40; wte 49152 x 6144, wpe
 * 8192 x 6144, ln_f 2 x 6144; the head tied: 15,517,456,384. */
static void test_hf_gpt_bigcode(void **state)
{
    (void)state;
    uint64_t layer = UINT64_C(6144) * 6400 + 6400 + UINT64_C(6144) * 6144 + 6144 +
                     UINT64_C(6144) * 24576 + 24576 + UINT64_C(24576) * 6144 + 6144 + 4 * 6144;
    assert_int_equal(layer, UINT64_C(379128064));
    uint64_t want = 40 * layer + UINT64_C(49152) * 6144 + UINT64_C(8192) * 6144 + 2 * 6144;
    assert_int_equal(want, UINT64_C(15517456384));
    const char *doc = "{\"architectures\": [\"GPTBigCodeForCausalLM\"], \"model_type\": \"gpt_bigcode\","
                      " \"n_embd\": 6144, \"n_head\": 48, \"n_layer\": 40, \"n_inner\": 24576,"
                      " \"n_positions\": 8192, \"vocab_size\": 49152, \"multi_query\": %s}";
    char text[512];
    snprintf(text, sizeof text, doc, "true");
    vram_model *m = from_text(text);
    assert_int_equal(G(m, PARAMS_TOTAL), want);
    assert_int_equal(G(m, NUM_KV_HEADS), 1);
    assert_int_equal(G(m, LEARNED_POSITIONS), 8192);
    assert_int_equal(G(m, MAX_POSITION_EMBEDDINGS), 8192);
    assert_int_equal(G(m, FAMILY), VRAM_FAMILY_GPT2);
    /* K and V of one head per layer: 40 x 2 x 128 elements per token */
    assert_int_equal(G(m, KV_ELEMENTS_PER_TOKEN), 40 * 2 * 128);
    vram_model_destroy(m);
    /* bigcode/starcoderbase's own config.json: the same model (n_positions and
     * vocab_size as above, no tie key: tied by default) */
    vram_model *sb = counts("starcoderbase", want, 0);
    assert_int_equal(G(sb, NUM_KV_HEADS), 1);
    assert_int_equal(G(sb, WEIGHT_DTYPE), VRAM_DTYPE_F32);
    assert_int_equal(G(sb, TIE_WORD_EMBEDDINGS), 1);
    vram_model_destroy(sb);
    /* multi_query false: c_attn is 3 x 6144 wide, 48 KV heads */
    snprintf(text, sizeof text, doc, "false");
    m = from_text(text);
    assert_int_equal(G(m, NUM_KV_HEADS), 48);
    assert_int_equal(G(m, PARAMS_TOTAL), want + 40 * (UINT64_C(6144) * (3 * 6144 - 6400) + (3 * 6144 - 6400)));
    vram_model_destroy(m);
    /* n_inner null: 4 x n_embd */
    m = from_text("{\"model_type\": \"gpt_bigcode\", \"n_inner\": null}");
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 4 * 768);
    vram_model_destroy(m);
}

/* Qwen2-MoE with the keys of Qwen1.5-MoE-A2.7B. By hand: attention 4 x 2048^2
 * + q/k/v biases 3 x 2048, 60 experts 60 x 3 x 2048 x 1408, the shared expert
 * 3 x 2048 x 5632 with its gate 2048, router 2048 x 60, norms 2 x 2048; x 24;
 * untied 2 x 151936 x 2048; final norm. One layer listed in mlp_only_layers
 * turns dense (3 x 2048 x 5632). */
static void test_hf_qwen2_moe(void **state)
{
    (void)state;
    const char *base = "{\"model_type\": \"qwen2_moe\", \"hidden_size\": 2048,"
                       " \"intermediate_size\": 5632, \"moe_intermediate_size\": 1408,"
                       " \"shared_expert_intermediate_size\": 5632, \"num_experts\": 60,"
                       " \"num_experts_per_tok\": 4, \"num_attention_heads\": 16,"
                       " \"num_key_value_heads\": 16, \"num_hidden_layers\": 24,"
                       " \"vocab_size\": 151936, \"tie_word_embeddings\": false%s}";
    char doc[1024];
    snprintf(doc, sizeof doc, base, "");
    vram_model *m = from_text(doc);
    uint64_t attn = UINT64_C(4) * 2048 * 2048 + 3 * 2048 + 2 * 2048;
    uint64_t moe = UINT64_C(60) * 3 * 2048 * 1408 + UINT64_C(3) * 2048 * 5632 + 2048 + 2048 * 60;
    uint64_t outer = UINT64_C(2) * 151936 * 2048 + 2048;
    assert_int_equal(G(m, PARAMS_TOTAL), 24 * (attn + moe) + outer);
    assert_int_equal(G(m, SHARED_EXPERT_GATE), 1);
    vram_model_destroy(m);
    snprintf(doc, sizeof doc, base, ", \"mlp_only_layers\": [3]");
    m = from_text(doc);
    assert_int_equal(G(m, NUM_MOE_LAYERS), 23);
    uint64_t v = 0;
    assert_ok(vram_model_get_layer_u64(m, 3, VRAM_LAYER_MLP, &v));
    assert_int_equal(v, VRAM_LAYER_MLP_DENSE);
    assert_int_equal(G(m, PARAMS_TOTAL), 23 * (attn + moe) + attn + UINT64_C(3) * 2048 * 5632 + outer);
    vram_model_destroy(m);
}

/* Every quantization_config form. */
static void test_hf_quantization_configs(void **state)
{
    (void)state;
    const char *head = "{\"model_type\": \"llama\", \"quantization_config\": ";
    char doc[768];
    struct {
        const char *q;
        uint64_t quant, bits, group, dq, block, lm_head;
    } cases[] = {
        /* GPTQ, one group per column */
        {"{\"quant_method\": \"gptq\", \"bits\": 8, \"group_size\": -1, \"lm_head\": true}",
         VRAM_QUANT_GPTQ, 8, VRAM_GROUP_PER_CHANNEL, 0, 0, 1},
        /* AutoAWQ's names */
        {"{\"quant_method\": \"awq\", \"w_bit\": 4, \"q_group_size\": 64, \"version\": \"gemm\"}",
         VRAM_QUANT_AWQ, 4, 64, 0, 0, 0},
        /* QLoRA-style NF4 with double quantization */
        {"{\"quant_method\": \"bitsandbytes\", \"load_in_4bit\": true, \"bnb_4bit_quant_type\":"
         " \"nf4\", \"bnb_4bit_use_double_quant\": true}",
         VRAM_QUANT_BNB_NF4, 4, 0, 1, 0, 0},
        /* the BitsAndBytesConfig default 4-bit type is fp4 */
        {"{\"quant_method\": \"bitsandbytes\", \"_load_in_4bit\": true}", VRAM_QUANT_BNB_FP4, 4,
         0, 0, 0, 0},
        {"{\"quant_method\": \"fp8\", \"weight_block_size\": [128, 128]}", VRAM_QUANT_FP8, 8, 0,
         0, 128, 0},
        {"{\"quant_method\": \"fp8\", \"activation_scheme\": \"dynamic\"}", VRAM_QUANT_FP8, 8, 0,
         0, 0, 0},
        /* compressed-tensors W8A8 per channel; lm_head not ignored */
        {"{\"quant_method\": \"compressed-tensors\", \"config_groups\": {\"group_0\": {\"targets\":"
         " [\"Linear\"], \"weights\": {\"num_bits\": 8, \"type\": \"int\", \"strategy\":"
         " \"channel\", \"symmetric\": true}}}, \"ignore\": []}",
         VRAM_QUANT_INT, 8, VRAM_GROUP_PER_CHANNEL, 0, 0, 1},
        /* compressed-tensors FP8 block */
        {"{\"quant_method\": \"compressed-tensors\", \"config_groups\": {\"g\": {\"weights\":"
         " {\"num_bits\": 8, \"type\": \"float\", \"strategy\": \"block\", \"block_structure\":"
         " [128, 128]}}}, \"ignore\": [\"lm_head\"]}",
         VRAM_QUANT_FP8, 8, 0, 0, 128, 0},
        {"{\"quant_method\": \"mxfp4\"}", VRAM_QUANT_MXFP4, 4, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(doc, sizeof doc, "%s%s}", head, cases[i].q);
        vram_model *m = from_text(doc);
        assert_int_equal(G(m, QUANT), cases[i].quant);
        assert_int_equal(G(m, QUANT_BITS), cases[i].bits);
        assert_int_equal(G(m, QUANT_GROUP_SIZE), cases[i].group);
        assert_int_equal(G(m, QUANT_DOUBLE_QUANT), cases[i].dq);
        assert_int_equal(G(m, QUANT_BLOCK_SIZE), cases[i].block);
        assert_int_equal(G(m, QUANT_LM_HEAD), cases[i].lm_head);
        vram_model_destroy(m);
    }
    expect_error("{\"model_type\": \"llama\", \"quantization_config\": {\"quant_method\": \"hqq\"}}",
                 VRAM_E_UNSUPPORTED, "quant_method \"hqq\" is not supported");
    expect_error("{\"model_type\": \"llama\", \"quantization_config\": {\"bits\": 4}}",
                 VRAM_E_INCOMPLETE, "quant_method is missing");
    expect_error("{\"model_type\": \"llama\", \"quantization_config\": {\"quant_method\": \"fp8\","
                 " \"weight_block_size\": [128, 64]}}",
                 VRAM_E_UNSUPPORTED, "only square blocks");
    expect_error("{\"model_type\": \"llama\", \"quantization_config\": {\"quant_method\": \"gptq\","
                 " \"bits\": 5}}",
                 VRAM_E_RANGE, "quant_bits must be 2, 3, 4 or 8");
    expect_error("{\"model_type\": \"llama\", \"quantization_config\": {\"quant_method\":"
                 " \"bitsandbytes\"}}",
                 VRAM_E_INCOMPLETE, "neither load_in_4bit nor load_in_8bit");
}

/* An unknown model_type is read from the generic keys (Llama-style blocks);
 * without them the missing key is named. */
static void test_hf_unknown_model_type(void **state)
{
    (void)state;
    /* 2 layers of 4 x 64^2 (MHA) + 3 x 64 x 128 + 2 x 64, embedding 100 x 64
     * tied (the PretrainedConfig default), final norm 64 */
    vram_model *m = from_text("{\"model_type\": \"brand_new\", \"hidden_size\": 64,"
                              " \"num_hidden_layers\": 2, \"num_attention_heads\": 4,"
                              " \"intermediate_size\": 128, \"vocab_size\": 100}");
    assert_int_equal(G(m, PARAMS_TOTAL), 2 * (4 * 64 * 64 + 3 * 64 * 128 + 2 * 64) + 100 * 64 + 64);
    assert_int_equal(G(m, FAMILY), VRAM_FAMILY_LLAMA);
    vram_model_destroy(m);
    expect_error("{\"model_type\": \"brand_new\", \"hidden_size\": 64, \"num_hidden_layers\": 2,"
                 " \"num_attention_heads\": 4, \"vocab_size\": 100}",
                 VRAM_E_INCOMPLETE,
                 "required key \"intermediate_size\" is missing (model_type brand_new, read from "
                 "the generic keys)");
    expect_error("{}", VRAM_E_INCOMPLETE, "required key \"num_hidden_layers\" is missing");
    /* no model_type: the architectures entry names the family */
    m = from_text("{\"architectures\": [\"MistralForCausalLM\"], \"num_hidden_layers\": 2,"
                  " \"hidden_size\": 64, \"num_attention_heads\": 4, \"num_key_value_heads\": 2,"
                  " \"intermediate_size\": 128, \"vocab_size\": 100}");
    assert_int_equal(G(m, SLIDING_WINDOW), 4096); /* MistralConfig's default */
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 0);
    vram_model_destroy(m);
}

static void test_hf_errors(void **state)
{
    (void)state;
    /* malformed JSON: the offset of the failure */
    expect_error("{\"model_type\": \"llama\",}", VRAM_E_PARSE, "config.json: byte 23: expected a string key");
    expect_error("[]", VRAM_E_PARSE, "config.json: byte 0: expected an object");
    /* wrong types and ranges name the key and the value */
    expect_error("{\"model_type\": \"llama\", \"num_hidden_layers\": \"32\"}", VRAM_E_PARSE,
                 "num_hidden_layers: expected a non-negative integer, got \"32\"");
    expect_error("{\"model_type\": \"llama\", \"hidden_size\": -4096}", VRAM_E_RANGE,
                 "hidden_size: must be >= 0, got -4096");
    expect_error("{\"model_type\": \"llama\", \"num_hidden_layers\": 5000}", VRAM_E_RANGE,
                 "num_layers must be in [1, 1024], got 5000");
    expect_error("{\"model_type\": \"llama\", \"hidden_size\": 100, \"num_attention_heads\": 3}",
                 VRAM_E_INCONSISTENT, "hidden_size 100 is not a multiple of num_heads 3");
    expect_error("{\"model_type\": \"llama\", \"torch_dtype\": \"float7\"}", VRAM_E_RANGE,
                 "torch_dtype: unknown dtype \"float7\"");
    expect_error("{\"model_type\": \"gemma2\", \"layer_types\": [\"full_attention\"]}",
                 VRAM_E_INCONSISTENT, "layer_types: 1 entries for num_hidden_layers 26");
    expect_error("{\"model_type\": \"qwen3_moe\", \"mlp_only_layers\": [99]}", VRAM_E_RANGE,
                 "mlp_only_layers[0]: layer 99 does not exist");
    expect_error("{\"model_type\": \"llava\"}", VRAM_E_INCOMPLETE,
                 "required key \"text_config\" is missing");
    expect_error("{\"model_type\": \"deepseek_v2\"}", VRAM_E_INCOMPLETE, "num_experts_per_tok");
    expect_error("{\"model_type\": \"gemma2\", \"num_hidden_layers\": 1, \"layer_types\":"
                 " [\"linear_attention\"]}",
                 VRAM_E_UNSUPPORTED, "layer_types[0]: layer type \"linear_attention\" is not supported");
    /* NULL arguments, missing files, the 16 MiB limit */
    vram_model *m = NULL;
    size_t big = (size_t)16 * 1024 * 1024 + 1;
    char *huge = calloc(1, big);
    assert_non_null(huge);
    assert_status(vram_model_from_hf_config(huge, big, &m), VRAM_E_LIMIT);
    assert_non_null(strstr(vram_last_error(), "more than the 16777216-byte limit"));
    free(huge);
    assert_status(vram_model_from_hf_config(NULL, 0, &m), VRAM_E_INVALID_ARG);
    assert_status(vram_model_from_hf_config("{}", 2, NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_model_from_hf_config_file(NULL, &m), VRAM_E_INVALID_ARG);
    assert_status(vram_model_from_hf_config_file("/nonexistent/config.json", &m), VRAM_E_IO);
    assert_null(m);
}

/* The length decides: a config in a larger buffer, not NUL-terminated. */
static void test_hf_not_nul_terminated(void **state)
{
    (void)state;
    const char *text = "{\"model_type\": \"llama\"}garbage";
    char *copy = malloc(23);
    assert_non_null(copy);
    memcpy(copy, text, 23);
    vram_model *m = NULL;
    assert_ok(vram_model_from_hf_config(copy, 23, &m));
    /* LlamaConfig's defaults: Llama-2-7B (test_params.c) */
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(6738415616));
    vram_model_destroy(m);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hf_llama2),
        cmocka_unit_test(test_hf_llama2_gptq),
        cmocka_unit_test(test_hf_llama3),
        cmocka_unit_test(test_hf_llama31_bnb_int8),
        cmocka_unit_test(test_hf_llama4_scout),
        cmocka_unit_test(test_hf_mistral),
        cmocka_unit_test(test_hf_mixtral),
        cmocka_unit_test(test_hf_yi),
        cmocka_unit_test(test_hf_qwen2),
        cmocka_unit_test(test_hf_qwen3),
        cmocka_unit_test(test_hf_gemma),
        cmocka_unit_test(test_hf_gemma3_vlm),
        cmocka_unit_test(test_hf_phi),
        cmocka_unit_test(test_hf_deepseek),
        cmocka_unit_test(test_hf_deepseek_v2_lite_null_q_lora),
        cmocka_unit_test(test_hf_falcon),
        cmocka_unit_test(test_hf_gpt2_gptj),
        cmocka_unit_test(test_hf_neox_mpt_stablelm_olmo),
        cmocka_unit_test(test_hf_exaone4_compressed_tensors),
        cmocka_unit_test(test_hf_gpt_oss),
        cmocka_unit_test(test_hf_qwen2_vl),
        cmocka_unit_test(test_hf_qwen3_vl),
        cmocka_unit_test(test_hf_llava),
        cmocka_unit_test(test_hf_internvl2),
        cmocka_unit_test(test_hf_molmo_bnb_nf4),
        cmocka_unit_test(test_hf_qwen1),
        cmocka_unit_test(test_hf_qwen3_14b),
        cmocka_unit_test(test_hf_qwen3_235b_fp8),
        cmocka_unit_test(test_hf_opt),
        cmocka_unit_test(test_hf_bloom),
        cmocka_unit_test(test_hf_gpt_bigcode),
        cmocka_unit_test(test_hf_qwen2_moe),
        cmocka_unit_test(test_hf_quantization_configs),
        cmocka_unit_test(test_hf_unknown_model_type),
        cmocka_unit_test(test_hf_errors),
        cmocka_unit_test(test_hf_not_nul_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
