/*
 * test_inference.c - exact weights, quantization metadata and KV cache
 * (DESIGN.md 4.2, 4.3) and the HF transformers inference estimate (4.4, 4.8).
 * Expected numbers are published checkpoint sizes or formulas worked by hand
 * in the comments from the cited format definitions.
 */
#include "vram_test.h"

#define M(k) VRAM_MODEL_##k

static const vt_kv llama31_8b[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                                   {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 14336},
                                   {M(VOCAB_SIZE), 128256}, {M(MAX_POSITION_EMBEDDINGS), 131072},
                                   {0, 0}};

typedef struct fx {
    vram_model *m;
    vram_config *c;
    vram_result *r;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->m = vt_model(llama31_8b);
    if (!f->m || vram_config_create(&f->c) || vram_result_create(&f->r))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    vram_model_destroy(f->m);
    vram_config_destroy(f->c);
    vram_result_destroy(f->r);
    free(f);
    return 0;
}

static uint64_t weights_and_meta(const vram_result *r, uint32_t dev)
{
    return vt_part(r, dev, VRAM_PART_WEIGHTS) + vt_part(r, dev, VRAM_PART_QUANT_METADATA);
}

/* measured.jsonl w-llama31-8b-total-size: the bf16 safetensors index of
 * Llama-3.1-8B-Instruct has total_size 16,060,522,496 bytes. */
static void test_weights_bf16_checkpoint_size(void **state)
{
    fx *f = *state;
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_DTYPE, "bfloat16"));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHTS), UINT64_C(16060522496));
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_QUANT_METADATA), 0);
    assert_int_equal(vt_res(f->r, VRAM_RES_PARAMS_TOTAL), UINT64_C(8030261248));
    double bits;
    assert_ok(vram_result_get_f64(f->r, VRAM_RES_WEIGHT_BITS, &bits));
    assert_rel_close(bits, 16.0, 1e-12);
}

/* models README: Llama-3.1-8B-Instruct re-saved with bitsandbytes 8-bit has
 * total_size 9,086,705,888. LLM.int8 keeps int8 CB [out, in] and fp32 SCB
 * [out] per linear (bitsandbytes Int8Params); embeddings, LM head and norms
 * stay bf16; the checkpoint adds a 1-byte weight_format tensor per linear
 * (224 of them), which is not loaded memory. By hand: linears 6,979,321,856 B
 * int8; SCB 4 x 32 x (4096+1024+1024+4096+14336+14336+4096) = 5,505,024;
 * bf16 rest 2 x (2 x 525,336,576 + 65 x 4096) = 2,101,878,784. */
static void test_weights_llm_int8_checkpoint_size(void **state)
{
    fx *f = *state;
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_QUANT, VRAM_QUANT_BNB_INT8));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_QUANT_METADATA), UINT64_C(5505024));
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHTS),
                     UINT64_C(6979321856) + UINT64_C(2101878784));
    assert_int_equal(weights_and_meta(f->r, 0), UINT64_C(9086705888) - 224);
}

/* A one-layer model whose seven linears are all 4096 x 4096 (MHA, gated MLP
 * with intermediate 4096), vocab 1000: each format's bytes per linear
 * computed by hand, plus bf16 embeddings 2 x 1000 x 4096 x 2 = 16,384,000
 * and three norms 3 x 4096 x 2 = 24,576. */
static const vt_kv square[] = {{M(NUM_LAYERS), 1}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                               {M(INTERMEDIATE_SIZE), 4096}, {M(VOCAB_SIZE), 1000}, {0, 0}};
#define SQUARE_REST (UINT64_C(16384000) + UINT64_C(24576))

static uint64_t square_bytes(vram_quant q, uint64_t bits, uint64_t group, int dq)
{
    vram_model *m = vt_model(square);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_QUANT, q));
    if (bits)
        assert_ok(vram_config_set_u64(c, VRAM_CFG_QUANT_BITS, bits));
    if (group)
        assert_ok(vram_config_set_u64(c, VRAM_CFG_QUANT_GROUP_SIZE, group));
    if (dq >= 0)
        assert_ok(vram_config_set_u64(c, VRAM_CFG_DOUBLE_QUANT, (uint64_t)dq));
    assert_ok(vram_estimate_inference(m, c, r));
    uint64_t b = weights_and_meta(r, 0);
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
    return b;
}

static void test_weights_formats_by_hand(void **state)
{
    (void)state;
    /* bitsandbytes NF4 with double quantization, per 4096 x 4096 tensor
     * (n = 16,777,216, nb = n/64 = 262,144 blocks): packed n/2 = 8,388,608 +
     * uint8 absmax 262,144 + fp32 nested absmax 4 x 1024 = 4,096 + fp32
     * offset 4 + 16-entry code 64 + copied 256-entry nested code 1,024
     * = 8,655,940 B (4.1274 bits per weight; the QLoRA paper's ~4.127). */
    assert_int_equal(square_bytes(VRAM_QUANT_BNB_NF4, 0, 0, 1), 7 * UINT64_C(8655940) + SQUARE_REST);
    /* without double quantization: 8,388,608 + fp32 absmax 4 x 262,144 + 64 = 9,437,248 */
    assert_int_equal(square_bytes(VRAM_QUANT_BNB_NF4, 0, 0, 0), 7 * UINT64_C(9437248) + SQUARE_REST);
    /* GPTQ 4-bit, group 128: qweight 4096/8 x 4096 int32 = 8,388,608; qzeros
     * 32 x 512 int32 = 65,536; fp16 scales 32 x 4096 x 2 = 262,144; g_idx
     * 4096 int32 = 16,384 -> 8,732,672 */
    assert_int_equal(square_bytes(VRAM_QUANT_GPTQ, 4, 128, -1), 7 * UINT64_C(8732672) + SQUARE_REST);
    /* AWQ 4-bit g128: as GPTQ without g_idx -> 8,716,288 */
    assert_int_equal(square_bytes(VRAM_QUANT_AWQ, 4, 128, -1), 7 * UINT64_C(8716288) + SQUARE_REST);
    /* compressed-tensors int4 g128 symmetric: packed 8,388,608 + bf16 scales
     * 4096 x 32 x 2 = 262,144 + int64 weight_shape 16 -> 8,650,768 */
    assert_int_equal(square_bytes(VRAM_QUANT_INT, 4, 128, -1), 7 * UINT64_C(8650768) + SQUARE_REST);
    /* fp8 per tensor: n bytes + fp32 weight and input scales 8 -> 16,777,224 */
    assert_int_equal(square_bytes(VRAM_QUANT_FP8, 0, 0, -1), 7 * UINT64_C(16777224) + SQUARE_REST);
    /* LLM.int8: n + fp32 per row 4 x 4096 -> 16,793,600 */
    assert_int_equal(square_bytes(VRAM_QUANT_BNB_INT8, 0, 0, -1), 7 * UINT64_C(16793600) + SQUARE_REST);
}

/* mxfp4 stores only the routed experts (gpt-oss's modules_to_not_convert):
 * on a dense model nothing would be quantized, which is refused rather than
 * priced as if it were. */
static void test_weights_mxfp4_needs_experts(void **state)
{
    (void)state;
    vram_model *m = vt_model(square);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_QUANT, VRAM_QUANT_MXFP4));
    assert_status(vram_estimate_inference(m, c, r), VRAM_E_UNSUPPORTED);
    assert_non_null(strstr(vram_last_error(), "no experts"));
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

/* gpt-oss-20b in mxfp4: the 19,110,297,600 expert values (huggingface.js
 * spec) at 4 bits + one E8M0 byte per 32 (OCP MX v1.0): 9,555,148,800 +
 * 597,196,800 bytes; the other 1,804,459,584 parameters bf16. */
static void test_weights_mxfp4_gpt_oss(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 24}, {M(HIDDEN_SIZE), 2880}, {M(NUM_HEADS), 64},
                        {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 64}, {M(INTERMEDIATE_SIZE), 2880},
                        {M(VOCAB_SIZE), 201088}, {M(FAMILY), VRAM_FAMILY_GPT_OSS},
                        {M(QKV_BIAS), 1}, {M(O_BIAS), 1}, {M(MLP_BIAS), 1},
                        {M(NUM_EXPERTS), 32}, {M(EXPERTS_PER_TOKEN), 4},
                        {M(MOE_INTERMEDIATE_SIZE), 2880}, {M(ROUTER_BIAS), 1},
                        {M(QUANT), VRAM_QUANT_MXFP4}, {0, 0}};
    vram_model *m = vt_model(kv);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_estimate_inference(m, c, r));
    /* expert biases stay bf16: 24 x 32 x (5760 + 2880) = 6,635,520 of the
     * 1,804,459,584 non-packed parameters */
    assert_int_equal(vt_part(r, 0, VRAM_PART_QUANT_METADATA), UINT64_C(597196800));
    assert_int_equal(vt_part(r, 0, VRAM_PART_WEIGHTS),
                     UINT64_C(9555148800) + 2 * UINT64_C(1804459584));
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

/* DESIGN.md 4.3: Qwen2-VL-7B (28 layers, 4 KV heads, head_dim 128, bf16)
 * holds 28 x 4 x 128 x 2 x 2 = 57,344 bytes per token. */
static void test_kv_qwen2_vl_per_token(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 28}, {M(HIDDEN_SIZE), 3584}, {M(NUM_HEADS), 28},
                        {M(NUM_KV_HEADS), 4}, {M(INTERMEDIATE_SIZE), 18944},
                        {M(VOCAB_SIZE), 152064}, {M(QKV_BIAS), 1}, {0, 0}};
    vram_model *m = vt_model(kv);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 4096));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_int_equal(vt_res(r, VRAM_RES_KV_BYTES_PER_TOKEN), 57344);
    assert_int_equal(vt_part(r, 0, VRAM_PART_KV_CACHE), UINT64_C(57344) * 4096);
    /* fp8 cache: half; q8_0: 34 bytes per 32 values -> 28 x 2 x 16 x 34 = 30,464 B/token */
    assert_ok(vram_config_set_u64(c, VRAM_CFG_KV_DTYPE, VRAM_DTYPE_FP8_E4M3));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_int_equal(vt_res(r, VRAM_RES_KV_BYTES_PER_TOKEN), 28672);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_KV_DTYPE, VRAM_DTYPE_Q8_0));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_int_equal(vt_res(r, VRAM_RES_KV_BYTES_PER_TOKEN), 30464);
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

/* Sliding windows: Mistral-7B v0.1 slides every layer over 4096 tokens, so a
 * 32k context holds 4096 x 32 x 8 x 128 x 2 x 2 bytes; Gemma-2-9B alternates
 * (layer 0 slides, layer 1 global; 21 + 21 layers of 8 x 256 x 2 x 2 = 8,192
 * bytes per token): at 8192 tokens 21 x 8192 x 8192 + 21 x 4096 x 8192. */
static void test_kv_sliding_windows(void **state)
{
    (void)state;
    const vt_kv mistral[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                             {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 14336},
                             {M(VOCAB_SIZE), 32000}, {M(SLIDING_WINDOW), 4096}, {0, 0}};
    const vt_kv gemma2[] = {{M(NUM_LAYERS), 42}, {M(HIDDEN_SIZE), 3584}, {M(NUM_HEADS), 16},
                            {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 256}, {M(INTERMEDIATE_SIZE), 14336},
                            {M(VOCAB_SIZE), 256000}, {M(TIE_WORD_EMBEDDINGS), 1},
                            {M(NORMS_PER_LAYER), 4}, {M(SLIDING_WINDOW), 4096},
                            {M(SLIDING_PATTERN), 2}, {0, 0}};
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    vram_model *m = vt_model(mistral);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 32768));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_int_equal(vt_part(r, 0, VRAM_PART_KV_CACHE), UINT64_C(4096) * 32 * 8 * 128 * 2 * 2);
    vram_model_destroy(m);
    m = vt_model(gemma2);
    uint64_t v;
    assert_ok(vram_model_get_layer_u64(m, 0, VRAM_LAYER_ATTENTION, &v));
    assert_int_equal(v, VRAM_LAYER_ATTN_SLIDING);
    assert_ok(vram_model_get_layer_u64(m, 1, VRAM_LAYER_ATTENTION, &v));
    assert_int_equal(v, VRAM_LAYER_ATTN_FULL);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 21);
    /* Gemma-2-9B-it: 9,241,705,984 parameters (models README, computed).
     * Worked: per layer q and o 3584 x 4096, k and v 3584 x 2048 (3 x
     * 14,680,064), MLP 3 x 3584 x 14336 = 154,140,672, four norms 14,336:
     * 198,195,200; x 42 + tied embedding 256,000 x 3584 + final norm 3584 */
    assert_int_equal(UINT64_C(42) * (3 * 14680064 + 154140672 + 14336) + UINT64_C(256000) * 3584 + 3584,
                     UINT64_C(9241705984));
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), UINT64_C(9241705984));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 8192));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_int_equal(vt_part(r, 0, VRAM_PART_KV_CACHE),
                     UINT64_C(21) * 8192 * 8192 + UINT64_C(21) * 4096 * 8192);
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

/* MLA: vLLM caches the 512-dim latent and the 64-dim rotary key, 576 values;
 * transformers' DeepseekV3Attention caches expanded keys (128 heads x 192)
 * and values (128 x 128). bf16, per token per layer: 1,152 vs 81,920 bytes. */
static void test_kv_mla_by_engine(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 61}, {M(HIDDEN_SIZE), 7168}, {M(NUM_HEADS), 128},
                        {M(INTERMEDIATE_SIZE), 18432}, {M(VOCAB_SIZE), 129280},
                        {M(FAMILY), VRAM_FAMILY_DEEPSEEK}, {M(Q_LORA_RANK), 1536},
                        {M(KV_LORA_RANK), 512}, {M(QK_NOPE_HEAD_DIM), 128},
                        {M(QK_ROPE_HEAD_DIM), 64}, {M(V_HEAD_DIM), 128}, {M(NUM_EXPERTS), 256},
                        {M(EXPERTS_PER_TOKEN), 8}, {M(MOE_INTERMEDIATE_SIZE), 2048},
                        {M(NUM_SHARED_EXPERTS), 1}, {M(FIRST_K_DENSE), 3}, {0, 0}};
    vram_model *m = vt_model(kv);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 1024));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_int_equal(vt_res(r, VRAM_RES_KV_BYTES_PER_TOKEN), UINT64_C(61) * 81920);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_ENGINE, VRAM_ENGINE_VLLM));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_int_equal(vt_res(r, VRAM_RES_KV_BYTES_PER_TOKEN), UINT64_C(61) * 1152);
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

/* Eager attention materialises the scores (transformers
 * eager_attention_forward): bf16 scores, their fp32 softmax and the bf16
 * cast alive together, 4 + 2 x 2 bytes per score, and the 4-D bf16 causal
 * mask. At b = 1, s = 4096, 32 heads: 32 x 4096^2 x 8 + 4096^2 x 2 bytes
 * more than SDPA, whose kernels never store the scores. */
static void test_inference_eager_scores(void **state)
{
    fx *f = *state;
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 4096));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_ATTENTION, VRAM_ATTN_SDPA));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    uint64_t sdpa = vt_part(f->r, 0, VRAM_PART_ACTIVATIONS);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_ATTENTION, VRAM_ATTN_EAGER));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    uint64_t eager = vt_part(f->r, 0, VRAM_PART_ACTIVATIONS);
    uint64_t scores = UINT64_C(32) * 4096 * 4096 * 8 + UINT64_C(4096) * 4096 * 2;
    /* the attention phase becomes the layer's peak, so the difference is the
     * scores plus the attention phase minus the former (MLP) peak */
    assert_true(eager > sdpa + scores / 2);
    assert_true(eager < sdpa + scores + scores / 10);
}

/* Logits: transformers >= 4.45 generate() keeps the last position only
 * (b x V x (2 + 4 + 4) bytes: bf16 head output, fp32 copy, fp32
 * probabilities); all positions multiply by the prompt length. */
static void test_inference_logits(void **state)
{
    fx *f = *state;
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 2048));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_BATCH_SIZE, 4));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_LOGITS), UINT64_C(4) * 128256 * 10);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_LOGITS, VRAM_LOGITS_ALL));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_LOGITS), UINT64_C(4) * 2048 * 128256 * 10);
}

/* Pipeline stages split layers as vLLM's get_pp_indices (32 layers over 3:
 * 11, 11, 10; the embedding on stage 0, head and final norm on the last),
 * tensor parallelism halves every linear and the vocabulary. */
static void test_inference_parallel_split(void **state)
{
    fx *f = *state;
    const uint64_t layer = UINT64_C(218112000) * 2;  /* one Llama-3.1-8B layer in bf16 */
    const uint64_t table = UINT64_C(525336576) * 2;  /* embedding or head, bf16 */
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_PP, 3));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_int_equal(vt_res(f->r, VRAM_RES_NUM_DEVICES), 3);
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHTS), 11 * layer + table);
    assert_int_equal(vt_part(f->r, 1, VRAM_PART_WEIGHTS), 11 * layer);
    assert_int_equal(vt_part(f->r, 2, VRAM_PART_WEIGHTS), 10 * layer + table + 4096 * 2);
    /* KV: 11, 11 and 10 layers of 4096 tokens x 4,096 bytes */
    assert_int_equal(vt_part(f->r, 2, VRAM_PART_KV_CACHE), UINT64_C(10) * 4096 * 4096);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_PP, 1));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_TP, 2));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    /* every matrix halves; the 65 norms of 4096 stay whole */
    uint64_t norms = UINT64_C(65) * 4096 * 2;
    assert_int_equal(vt_part(f->r, 1, VRAM_PART_WEIGHTS), (UINT64_C(16060522496) - norms) / 2 + norms);
    /* tp 16 > 8 KV heads: one replicated KV head per device, a warning */
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_TP, 16));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_true(vt_res(f->r, VRAM_RES_WARNINGS) & VRAM_WARN_KV_HEADS_REPLICATED);
    assert_int_equal(vt_res(f->r, VRAM_RES_KV_BYTES_PER_TOKEN), UINT64_C(32) * 128 * 2 * 2);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_TP, 3));
    assert_status(vram_estimate_inference(f->m, f->c, f->r), VRAM_E_INCONSISTENT);
    assert_non_null(strstr(vram_last_error(), "tensor_parallel_size 3"));
}

/* A fit verdict needs a device; seq_len past max_position_embeddings warns. */
static void test_inference_fit_and_warnings(void **state)
{
    fx *f = *state;
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_true(vt_res(f->r, VRAM_RES_WARNINGS) & VRAM_WARN_UNKNOWN_DEVICE);
    assert_int_equal(vt_res(f->r, VRAM_RES_FIT_DEVICE_BYTES), 0);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_GPU_MEMORY_BYTES, UINT64_C(16) << 30));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_int_equal(vt_res(f->r, VRAM_RES_FIT_FITS), 0); /* 16 GB of bf16 weights alone */
    assert_true(vt_res(f->r, VRAM_RES_WARNINGS) & VRAM_WARN_DOES_NOT_FIT);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_GPU_MEMORY_BYTES, UINT64_C(80) << 30));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 262144));
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    assert_true(vt_res(f->r, VRAM_RES_WARNINGS) & VRAM_WARN_SEQ_EXCEEDS_CONTEXT);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 1024));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_PROMPT_LEN, 2048));
    assert_status(vram_estimate_inference(f->m, f->c, f->r), VRAM_E_INCONSISTENT);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_QUANT, VRAM_QUANT_GGUF));
    assert_ok(vram_config_unset(f->c, VRAM_CFG_PROMPT_LEN));
    assert_status(vram_estimate_inference(f->m, f->c, f->r), VRAM_E_UNSUPPORTED);
}

/* Concurrent estimates on shared const handles give the same bytes as one
 * thread (each thread with its own result). */
#include <pthread.h>
typedef struct job {
    const vram_model *m;
    const vram_config *c;
    uint64_t total;
    vram_status st;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    vram_result *r = NULL;
    j->st = vram_result_create(&r);
    for (int i = 0; i < 2000 && j->st == VRAM_OK; i++) {
        j->st = vram_estimate(j->m, j->c, (vram_mode)(1 + i % 4), r);
        if (j->st == VRAM_OK && i % 4 == 0)
            j->st = vram_result_bytes(r, 0, VRAM_PART_TOTAL, &j->total);
    }
    vram_result_destroy(r);
    return NULL;
}

static void test_inference_threads_share_handles(void **state)
{
    fx *f = *state;
    assert_ok(vram_estimate_inference(f->m, f->c, f->r));
    uint64_t want = vt_part(f->r, 0, VRAM_PART_TOTAL);
    pthread_t th[4];
    job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){f->m, f->c, 0, VRAM_OK};
        assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].st, VRAM_OK);
        assert_int_equal(jobs[i].total, want);
    }
}

/* kv_bytes_per_token is the busiest device's share: Llama-3.1-8B stores
 * 2 x 8 KV heads x 128 x 2 bytes = 4,096 bytes per token and layer; tensor
 * parallelism halves the heads, pipeline stages split the 32 layers
 * (three stages: 11, 11 and 10, vLLM's get_pp_indices). */
static void test_kv_bytes_per_token_is_one_device(void **state)
{
    (void)state;
    vram_model *m = vt_model(llama31_8b);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    static const struct {
        uint64_t tp, pp, want;
    } cases[] = {{1, 1, 32 * 4096}, {2, 1, 32 * 2048}, {1, 2, 16 * 4096}, {1, 3, 11 * 4096},
                 {2, 2, 16 * 2048}};
    static const char *const engines[] = {"transformers", "vllm"};
    for (size_t e = 0; e < 2; e++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, engines[e]));
            assert_ok(vram_config_set_u64(c, VRAM_CFG_TP, cases[i].tp));
            assert_ok(vram_config_set_u64(c, VRAM_CFG_PP, cases[i].pp));
            assert_ok(vram_estimate_inference(m, c, r));
            assert_int_equal(vt_res(r, VRAM_RES_KV_BYTES_PER_TOKEN), cases[i].want);
        }
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_weights_bf16_checkpoint_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_weights_llm_int8_checkpoint_size, setup, teardown),
        cmocka_unit_test(test_weights_formats_by_hand),
        cmocka_unit_test(test_weights_mxfp4_needs_experts),
        cmocka_unit_test(test_kv_bytes_per_token_is_one_device),
        cmocka_unit_test(test_weights_mxfp4_gpt_oss),
        cmocka_unit_test(test_kv_qwen2_vl_per_token),
        cmocka_unit_test(test_kv_sliding_windows),
        cmocka_unit_test(test_kv_mla_by_engine),
        cmocka_unit_test_setup_teardown(test_inference_eager_scores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inference_logits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inference_parallel_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inference_fit_and_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inference_threads_share_handles, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
