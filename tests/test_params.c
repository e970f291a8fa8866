/*
 * test_params.c - parameter counts, tensor by tensor (DESIGN.md 4.1).
 *
 * Every expected count is a published figure: a checkpoint's total_size
 * divided by its dtype width (tests/data/models/README.md lists the index
 * files), or a count printed by a public tool (huggingface.js specs). The
 * architectures are written by hand here, key by key, so these tests pin the
 * counting itself, independent of the config.json reader.
 */
#include "vram_test.h"

#define M(k) VRAM_MODEL_##k

static void check_params(const vt_kv *kv, uint64_t want_total)
{
    vram_model *m = vt_model(kv);
    assert_non_null(m);
    assert_ok(vram_model_validate(m));
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), want_total);
    vram_model_destroy(m);
}

/* huggingface.js packages/hub/src/lib/parse-safetensors-metadata.spec.ts:
 * "Llama-3.1-8B's 8_030_261_248". */
static void test_params_llama31_8b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                        {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 14336},
                        {M(VOCAB_SIZE), 128256}, {0, 0}};
    check_params(kv, UINT64_C(8030261248));
}

/* huggingface.js packages/gguf/src/gguf.spec.ts "param count for llama2 7b";
 * Llama-2-7b-hf total_size 13,476,839,424 = (6,738,415,616 + 2,048 inv_freq) x 2. */
static void test_params_llama2_7b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                        {M(INTERMEDIATE_SIZE), 11008}, {M(VOCAB_SIZE), 32000}, {0, 0}};
    check_params(kv, UINT64_C(6738415616));
}

/* Llama-2-70b-chat fp32 index total_size 275,906,613,248 / 4 - 5,120 inv_freq. */
static void test_params_llama2_70b_gqa(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 80}, {M(HIDDEN_SIZE), 8192}, {M(NUM_HEADS), 64},
                        {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 28672},
                        {M(VOCAB_SIZE), 32000}, {0, 0}};
    check_params(kv, UINT64_C(275906613248) / 4 - 5120);
}

/* Llama-3.2-3B re-saved bf16 index total_size 6,425,499,648 / 2 (tied, head_dim 128). */
static void test_params_llama32_3b_tied(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 28}, {M(HIDDEN_SIZE), 3072}, {M(NUM_HEADS), 24},
                        {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 128}, {M(INTERMEDIATE_SIZE), 8192},
                        {M(VOCAB_SIZE), 128256}, {M(TIE_WORD_EMBEDDINGS), 1}, {0, 0}};
    check_params(kv, UINT64_C(6425499648) / 2);
}

/* Mistral-7B-v0.1 fp32 index total_size 28,966,928,384 / 4. */
static void test_params_mistral_7b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                        {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 14336},
                        {M(VOCAB_SIZE), 32000}, {M(SLIDING_WINDOW), 4096}, {0, 0}};
    check_params(kv, UINT64_C(28966928384) / 4);
}

/* Qwen2-0.5B: qkv biases, tied; ollama convert/testdata general.parameter_count
 * 494,032,768 for the same shapes (Qwen2.5-0.5B-Instruct). */
static void test_params_qwen2_qkv_bias(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 24}, {M(HIDDEN_SIZE), 896}, {M(NUM_HEADS), 14},
                        {M(NUM_KV_HEADS), 2}, {M(INTERMEDIATE_SIZE), 4864},
                        {M(VOCAB_SIZE), 151936}, {M(TIE_WORD_EMBEDDINGS), 1}, {M(QKV_BIAS), 1},
                        {0, 0}};
    check_params(kv, UINT64_C(494032768));
}

/* gemma-2b-it bf16 index total_size 5,012,344,832 / 2: MQA, head_dim 256, tied. */
static void test_params_gemma_2b_mqa(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 18}, {M(HIDDEN_SIZE), 2048}, {M(NUM_HEADS), 8},
                        {M(NUM_KV_HEADS), 1}, {M(HEAD_DIM), 256}, {M(INTERMEDIATE_SIZE), 16384},
                        {M(VOCAB_SIZE), 256000}, {M(TIE_WORD_EMBEDDINGS), 1}, {0, 0}};
    check_params(kv, UINT64_C(5012344832) / 2);
}

/* Phi-3-mini bf16 index total_size 7,642,159,104 / 2: fused qkv_proj and gate_up_proj. */
static void test_params_phi3_fused(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 3072}, {M(NUM_HEADS), 32},
                        {M(INTERMEDIATE_SIZE), 8192}, {M(VOCAB_SIZE), 32064},
                        {M(FAMILY), VRAM_FAMILY_PHI3}, {M(FUSED_QKV), 1}, {M(FUSED_GATE_UP), 1},
                        {0, 0}};
    check_params(kv, UINT64_C(7642159104) / 2);
}

/* falcon-7b-instruct bf16 .bin index total_size 14,434,379,520 / 2: multi-query,
 * parallel attention with one LayerNorm per layer, plain 4h MLP, no biases, tied.
 * That transformers 4.27 .bin index lists the tied lm_head.weight beside
 * word_embeddings.weight, so its total_size counts the 65024 x 4544 matrix
 * twice: the parameter count is total_size / 2 - 65024 x 4544 (6.92 B, the
 * figure usually quoted for Falcon-7B). */
static void test_params_falcon_7b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4544}, {M(NUM_HEADS), 71},
                        {M(NUM_KV_HEADS), 1}, {M(INTERMEDIATE_SIZE), 4 * 4544},
                        {M(VOCAB_SIZE), 65024}, {M(TIE_WORD_EMBEDDINGS), 1},
                        {M(FAMILY), VRAM_FAMILY_FALCON}, {M(MLP_KIND), VRAM_MLP_PLAIN},
                        {M(NORM_KIND), VRAM_NORM_LAYER}, {M(NORMS_PER_LAYER), 1},
                        {M(PARALLEL_ATTN), 1}, {M(FUSED_QKV), 1}, {0, 0}};
    check_params(kv, UINT64_C(14434379520) / 2 - UINT64_C(65024) * 4544);
}

/* falcon-40b bf16 .bin index total_size 83,671,941,120 / 2: GQA 8, ln_attn +
 * ln_mlp; as above the index counts the tied 65024 x 8192 head twice. */
static void test_params_falcon_40b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 60}, {M(HIDDEN_SIZE), 8192}, {M(NUM_HEADS), 128},
                        {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 4 * 8192},
                        {M(VOCAB_SIZE), 65024}, {M(TIE_WORD_EMBEDDINGS), 1},
                        {M(FAMILY), VRAM_FAMILY_FALCON}, {M(MLP_KIND), VRAM_MLP_PLAIN},
                        {M(NORM_KIND), VRAM_NORM_LAYER}, {M(NORMS_PER_LAYER), 2},
                        {M(PARALLEL_ATTN), 1}, {M(FUSED_QKV), 1}, {0, 0}};
    check_params(kv, UINT64_C(83671941120) / 2 - UINT64_C(65024) * 8192);
}

/* mpt-7b-instruct bf16 index total_size 13,298,573,312 / 2: no biases anywhere,
 * LayerNorm without bias, ALiBi (no position embedding), tied. */
static void test_params_mpt_7b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                        {M(INTERMEDIATE_SIZE), 4 * 4096}, {M(VOCAB_SIZE), 50432},
                        {M(TIE_WORD_EMBEDDINGS), 1}, {M(FAMILY), VRAM_FAMILY_MPT},
                        {M(MLP_KIND), VRAM_MLP_PLAIN}, {M(NORM_KIND), VRAM_NORM_LAYER_NO_BIAS},
                        {M(FUSED_QKV), 1}, {0, 0}};
    check_params(kv, UINT64_C(13298573312) / 2);
}

/* WizardLM-2-8x22B (Mixtral-8x22B shapes) bf16 index total_size 281,241,268,224 / 2.
 * Active per token (models README: 39,152,031,744), worked by hand: per layer
 * attention 6144 x (6144 + 1024 + 1024 + 6144) = 88,080,384, two experts
 * 2 x 3 x 6144 x 16384 = 603,979,776, router 6144 x 8, two norms 2 x 6144;
 * plus embeddings and head 2 x 32000 x 6144 and the final norm. */
static void test_params_mixtral_8x22b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 56}, {M(HIDDEN_SIZE), 6144}, {M(NUM_HEADS), 48},
                        {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 16384},
                        {M(VOCAB_SIZE), 32000}, {M(FAMILY), VRAM_FAMILY_MIXTRAL},
                        {M(NUM_EXPERTS), 8}, {M(EXPERTS_PER_TOKEN), 2}, {0, 0}};
    vram_model *m = vt_model(kv);
    assert_non_null(m);
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), UINT64_C(281241268224) / 2);
    uint64_t layer = UINT64_C(88080384) + UINT64_C(603979776) + 6144 * 8 + 2 * 6144;
    uint64_t active = 56 * layer + UINT64_C(2) * 32000 * 6144 + 6144;
    assert_int_equal(active, UINT64_C(39152031744));
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_ACTIVE), active);
    vram_model_destroy(m);
}

/* gpt-oss-20b: huggingface.js parse-safetensors-metadata.spec.ts, BF16
 * 1,804,459,584 + packed expert values 19,110,297,600 = 20,914,757,184.
 * Biased q/k/v/o, one sink per head, fused expert gate_up with biases,
 * router with bias, head_dim 64, untied. */
static void test_params_gpt_oss_20b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 24}, {M(HIDDEN_SIZE), 2880}, {M(NUM_HEADS), 64},
                        {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 64}, {M(INTERMEDIATE_SIZE), 2880},
                        {M(VOCAB_SIZE), 201088}, {M(FAMILY), VRAM_FAMILY_GPT_OSS},
                        {M(QKV_BIAS), 1}, {M(O_BIAS), 1}, {M(MLP_BIAS), 1},
                        {M(NUM_EXPERTS), 32}, {M(EXPERTS_PER_TOKEN), 4},
                        {M(MOE_INTERMEDIATE_SIZE), 2880}, {M(ROUTER_BIAS), 1},
                        {M(SLIDING_WINDOW), 128}, {M(SLIDING_PATTERN), 2}, {0, 0}};
    check_params(kv, UINT64_C(1804459584) + UINT64_C(19110297600));
}

/* gpt-oss-120b: same spec, BF16 2,167,371,072 + 114,661,785,600. */
static void test_params_gpt_oss_120b(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 36}, {M(HIDDEN_SIZE), 2880}, {M(NUM_HEADS), 64},
                        {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 64}, {M(INTERMEDIATE_SIZE), 2880},
                        {M(VOCAB_SIZE), 201088}, {M(FAMILY), VRAM_FAMILY_GPT_OSS},
                        {M(QKV_BIAS), 1}, {M(O_BIAS), 1}, {M(MLP_BIAS), 1},
                        {M(NUM_EXPERTS), 128}, {M(EXPERTS_PER_TOKEN), 4},
                        {M(MOE_INTERMEDIATE_SIZE), 2880}, {M(ROUTER_BIAS), 1}, {0, 0}};
    check_params(kv, UINT64_C(2167371072) + UINT64_C(114661785600));
}

/*
 * DeepSeek-V3 (MLA + MoE, first 3 layers dense): 671,026,419,200 without the
 * MTP layer (models README, computed; the widely published "671B"). Worked:
 * MLA attention per layer: q_a 7168*1536 + q_a_norm 1536 + q_b 1536*128*192
 * + kv_a 7168*576 + kv_a_norm 512 + kv_b 512*128*256 + o 128*128*7168
 * = 187,107,328; norms 2*7168. Dense MLP 3*7168*18432; MoE: 256 experts and
 * one shared of 3*7168*2048 each, router 7168*256 + score bias 256.
 */
static void test_params_deepseek_v3(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 61}, {M(HIDDEN_SIZE), 7168}, {M(NUM_HEADS), 128},
                        {M(NUM_KV_HEADS), 128}, {M(INTERMEDIATE_SIZE), 18432},
                        {M(VOCAB_SIZE), 129280}, {M(FAMILY), VRAM_FAMILY_DEEPSEEK},
                        {M(Q_LORA_RANK), 1536}, {M(KV_LORA_RANK), 512},
                        {M(QK_NOPE_HEAD_DIM), 128}, {M(QK_ROPE_HEAD_DIM), 64},
                        {M(V_HEAD_DIM), 128}, {M(NUM_EXPERTS), 256}, {M(EXPERTS_PER_TOKEN), 8},
                        {M(MOE_INTERMEDIATE_SIZE), 2048}, {M(NUM_SHARED_EXPERTS), 1},
                        {M(FIRST_K_DENSE), 3}, {M(ROUTER_BIAS), 1}, {0, 0}};
    vram_model *m = vt_model(kv);
    assert_non_null(m);
    uint64_t attn = UINT64_C(7168) * 1536 + 1536 + UINT64_C(1536) * 128 * 192 +
                    UINT64_C(7168) * 576 + 512 + UINT64_C(512) * 128 * 256 +
                    UINT64_C(128) * 128 * 7168;
    assert_int_equal(attn, UINT64_C(187107328));
    /* by hand: 61 x (attention + 2 norms) + 3 dense MLPs + 58 MoE layers
     * (257 expert MLPs, router, score bias) + embedding and head + final norm;
     * active: 9 of the 257 expert MLPs (8 routed + the shared one) */
    const uint64_t expert = UINT64_C(3) * 7168 * 2048, dense = UINT64_C(3) * 7168 * 18432;
    const uint64_t common = 61 * (attn + 2 * 7168) + 3 * dense + UINT64_C(129280) * 7168 * 2 + 7168;
    assert_int_equal(common + 58 * (257 * expert + 7168 * 256 + 256), UINT64_C(671026419200));
    assert_int_equal(common + 58 * (9 * expert + 7168 * 256 + 256), UINT64_C(37552297472));
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), UINT64_C(671026419200));
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_MOE_LAYERS), 58);
    /* models README: 37,552,297,472 active (computed; worked above) */
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_ACTIVE), UINT64_C(37552297472));
    /* MLA caches kv_lora_rank + qk_rope_head_dim = 576 values per token per layer */
    assert_int_equal(vt_get(m, VRAM_MODEL_KV_ELEMENTS_PER_TOKEN), UINT64_C(61) * 576);
    vram_model_destroy(m);
}

/* GPT-2 small: 124,439,808 parameters (wte 50257x768 + wpe 1024x768 + 12 blocks
 * of 7,087,872 (ln 2x1536, c_attn 768x2304+2304, c_proj 768x768+768, c_fc
 * 768x3072+3072, c_proj 3072x768+768) + ln_f 1536; tied head). */
static void test_params_gpt2(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 12}, {M(HIDDEN_SIZE), 768}, {M(NUM_HEADS), 12},
                        {M(INTERMEDIATE_SIZE), 3072}, {M(VOCAB_SIZE), 50257},
                        {M(LEARNED_POSITIONS), 1024}, {M(TIE_WORD_EMBEDDINGS), 1},
                        {M(FAMILY), VRAM_FAMILY_GPT2}, {M(MLP_KIND), VRAM_MLP_PLAIN},
                        {M(NORM_KIND), VRAM_NORM_LAYER}, {M(FUSED_QKV), 1}, {M(QKV_BIAS), 1},
                        {M(O_BIAS), 1}, {M(MLP_BIAS), 1}, {0, 0}};
    uint64_t block = 2 * 1536 + (768 * 2304 + 2304) + (768 * 768 + 768) + (768 * 3072 + 3072) +
                     (3072 * 768 + 768);
    assert_int_equal(block, 7087872);
    check_params(kv, UINT64_C(50257) * 768 + 1024 * 768 + 12 * block + 1536);
    assert_int_equal(UINT64_C(50257) * 768 + 1024 * 768 + 12 * block + 1536, 124439808);
}

/* Qwen3-30B-A3B: 128 experts top-8 of width 768, q/k norms; models README
 * 30,532,122,624 total / 3,353,032,704 active (computed on the config).
 * Worked: per layer q 2048 x 4096 = 8,388,608, k and v 2048 x 512 =
 * 1,048,576 each, o 8,388,608, q/k norms 2 x 128, norms 2 x 2048, router
 * 2048 x 128 = 262,144, experts 128 x 3 x 2048 x 768 = 603,979,776:
 * 623,120,640; x 48 + embedding and head 2 x 151,936 x 2048 + final norm
 * 2048 = 30,532,122,624. Active: 8 experts (37,748,736) instead of 128. */
static void test_params_qwen3_moe(void **state)
{
    (void)state;
    const vt_kv kv[] = {{M(NUM_LAYERS), 48}, {M(HIDDEN_SIZE), 2048}, {M(NUM_HEADS), 32},
                        {M(NUM_KV_HEADS), 4}, {M(HEAD_DIM), 128}, {M(INTERMEDIATE_SIZE), 6144},
                        {M(VOCAB_SIZE), 151936}, {M(QK_NORM), 1}, {M(NUM_EXPERTS), 128},
                        {M(EXPERTS_PER_TOKEN), 8}, {M(MOE_INTERMEDIATE_SIZE), 768}, {0, 0}};
    vram_model *m = vt_model(kv);
    assert_non_null(m);
    const uint64_t layer = UINT64_C(8388608) + 2 * 1048576 + 8388608 + 256 + 4096 + 262144;
    const uint64_t experts = UINT64_C(128) * 3 * 2048 * 768, top8 = UINT64_C(8) * 3 * 2048 * 768;
    const uint64_t outer = UINT64_C(2) * 151936 * 2048 + 2048;
    assert_int_equal(48 * (layer + experts) + outer, UINT64_C(30532122624));
    assert_int_equal(48 * (layer + top8) + outer, UINT64_C(3353032704));
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), UINT64_C(30532122624));
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_ACTIVE), UINT64_C(3353032704));
    vram_model_destroy(m);
}

/* The model refuses to estimate until it is complete, and says what is missing. */
static void test_params_incomplete_and_inconsistent(void **state)
{
    (void)state;
    vram_model *m = NULL;
    assert_ok(vram_model_create(&m));
    assert_status(vram_model_validate(m), VRAM_E_INCOMPLETE);
    assert_non_null(strstr(vram_last_error(), "num_layers"));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_NUM_LAYERS, 2));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_HIDDEN_SIZE, 100));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_NUM_HEADS, 3));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_VOCAB_SIZE, 10));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_INTERMEDIATE_SIZE, 10));
    assert_status(vram_model_validate(m), VRAM_E_INCONSISTENT);
    assert_non_null(strstr(vram_last_error(), "head_dim"));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_HEAD_DIM, 32));
    assert_ok(vram_model_validate(m));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_NUM_KV_HEADS, 2));
    assert_status(vram_model_validate(m), VRAM_E_INCONSISTENT);
    vram_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_llama31_8b),
        cmocka_unit_test(test_params_llama2_7b),
        cmocka_unit_test(test_params_llama2_70b_gqa),
        cmocka_unit_test(test_params_llama32_3b_tied),
        cmocka_unit_test(test_params_mistral_7b),
        cmocka_unit_test(test_params_qwen2_qkv_bias),
        cmocka_unit_test(test_params_gemma_2b_mqa),
        cmocka_unit_test(test_params_phi3_fused),
        cmocka_unit_test(test_params_falcon_7b),
        cmocka_unit_test(test_params_falcon_40b),
        cmocka_unit_test(test_params_mpt_7b),
        cmocka_unit_test(test_params_mixtral_8x22b),
        cmocka_unit_test(test_params_gpt_oss_20b),
        cmocka_unit_test(test_params_gpt_oss_120b),
        cmocka_unit_test(test_params_deepseek_v3),
        cmocka_unit_test(test_params_gpt2),
        cmocka_unit_test(test_params_qwen3_moe),
        cmocka_unit_test(test_params_incomplete_and_inconsistent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
