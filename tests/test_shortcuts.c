/*
 * test_shortcuts.c - the estimate's summed shortcuts give the same bytes as
 * the general per-linear path.
 *
 * To stay within the benchmark's budget, the estimate sums a model's linear
 * modules once (when the model is derived) and multiplies, where nothing is
 * split by tensor parallelism, nothing quantized (or everything in
 * bitsandbytes 4-bit, whose sums are kept too) and the optimizer's states
 * do not depend on tensor shapes. The general path prices every linear and
 * every norm tensor one by one. Both must agree to the byte, on every part
 * and band of every device, for every family shape, mode, precision recipe
 * and optimizer below: the general path is the specification.
 */
#include "vram_test.h"

#include "../lib/vram_private.h"

#define M(k) VRAM_MODEL_##k

/* Shapes that exercise every summed term: GQA, q/k/v biases, tied and
 * untied heads, LayerNorm with biases, learned positions, q/k norms,
 * sliding layers, fused projections, MoE with shared experts and dense
 * first layers, MLA with q_lora, attention sinks and router biases. */
static const vt_kv llama[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                              {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 14336},
                              {M(VOCAB_SIZE), 128256}, {0, 0}};
static const vt_kv qwen2[] = {{M(NUM_LAYERS), 24}, {M(HIDDEN_SIZE), 896}, {M(NUM_HEADS), 14},
                              {M(NUM_KV_HEADS), 2}, {M(INTERMEDIATE_SIZE), 4864},
                              {M(VOCAB_SIZE), 151936}, {M(TIE_WORD_EMBEDDINGS), 1},
                              {M(QKV_BIAS), 1}, {0, 0}};
static const vt_kv qwen3[] = {{M(NUM_LAYERS), 28}, {M(HIDDEN_SIZE), 1024}, {M(NUM_HEADS), 16},
                              {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 128}, {M(INTERMEDIATE_SIZE), 3072},
                              {M(VOCAB_SIZE), 151936}, {M(QK_NORM), 1}, {0, 0}};
static const vt_kv gpt2[] = {{M(NUM_LAYERS), 12}, {M(HIDDEN_SIZE), 768}, {M(NUM_HEADS), 12},
                             {M(INTERMEDIATE_SIZE), 3072}, {M(VOCAB_SIZE), 50257},
                             {M(TIE_WORD_EMBEDDINGS), 1}, {M(FAMILY), VRAM_FAMILY_GPT2},
                             {M(MLP_KIND), VRAM_MLP_PLAIN}, {M(NORM_KIND), VRAM_NORM_LAYER},
                             {M(LEARNED_POSITIONS), 1024}, {M(QKV_BIAS), 1}, {M(O_BIAS), 1},
                             {M(MLP_BIAS), 1}, {M(FUSED_QKV), 1}, {0, 0}};
static const vt_kv falcon[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4544}, {M(NUM_HEADS), 71},
                               {M(NUM_KV_HEADS), 1}, {M(INTERMEDIATE_SIZE), 4 * 4544},
                               {M(VOCAB_SIZE), 65024}, {M(TIE_WORD_EMBEDDINGS), 1},
                               {M(FAMILY), VRAM_FAMILY_FALCON}, {M(MLP_KIND), VRAM_MLP_PLAIN},
                               {M(NORM_KIND), VRAM_NORM_LAYER}, {M(NORMS_PER_LAYER), 1},
                               {M(PARALLEL_ATTN), 1}, {M(FUSED_QKV), 1}, {0, 0}};
static const vt_kv gemma2[] = {{M(NUM_LAYERS), 42}, {M(HIDDEN_SIZE), 3584}, {M(NUM_HEADS), 16},
                               {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 256},
                               {M(INTERMEDIATE_SIZE), 14336}, {M(VOCAB_SIZE), 256000},
                               {M(TIE_WORD_EMBEDDINGS), 1}, {M(SLIDING_WINDOW), 4096},
                               {M(SLIDING_PATTERN), 2}, {M(NORMS_PER_LAYER), 4}, {0, 0}};
static const vt_kv phi3[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 3072}, {M(NUM_HEADS), 32},
                             {M(INTERMEDIATE_SIZE), 8192}, {M(VOCAB_SIZE), 32064},
                             {M(FAMILY), VRAM_FAMILY_PHI3}, {M(FUSED_QKV), 1},
                             {M(FUSED_GATE_UP), 1}, {0, 0}};
static const vt_kv qwen3_moe[] = {{M(NUM_LAYERS), 48}, {M(HIDDEN_SIZE), 2048}, {M(NUM_HEADS), 32},
                                  {M(NUM_KV_HEADS), 4}, {M(HEAD_DIM), 128},
                                  {M(INTERMEDIATE_SIZE), 6144}, {M(VOCAB_SIZE), 151936},
                                  {M(QK_NORM), 1}, {M(NUM_EXPERTS), 128},
                                  {M(EXPERTS_PER_TOKEN), 8}, {M(MOE_INTERMEDIATE_SIZE), 768},
                                  {0, 0}};
static const vt_kv deepseek[] = {{M(NUM_LAYERS), 61}, {M(HIDDEN_SIZE), 7168}, {M(NUM_HEADS), 128},
                                 {M(NUM_KV_HEADS), 128}, {M(INTERMEDIATE_SIZE), 18432},
                                 {M(VOCAB_SIZE), 129280}, {M(FAMILY), VRAM_FAMILY_DEEPSEEK},
                                 {M(Q_LORA_RANK), 1536}, {M(KV_LORA_RANK), 512},
                                 {M(QK_NOPE_HEAD_DIM), 128}, {M(QK_ROPE_HEAD_DIM), 64},
                                 {M(V_HEAD_DIM), 128}, {M(NUM_EXPERTS), 256},
                                 {M(EXPERTS_PER_TOKEN), 8}, {M(MOE_INTERMEDIATE_SIZE), 2048},
                                 {M(NUM_SHARED_EXPERTS), 1}, {M(FIRST_K_DENSE), 3},
                                 {M(ROUTER_BIAS), 1}, {0, 0}};
static const vt_kv gpt_oss[] = {{M(NUM_LAYERS), 24}, {M(HIDDEN_SIZE), 2880}, {M(NUM_HEADS), 64},
                                {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 64},
                                {M(INTERMEDIATE_SIZE), 2880}, {M(VOCAB_SIZE), 201088},
                                {M(FAMILY), VRAM_FAMILY_GPT_OSS}, {M(QKV_BIAS), 1},
                                {M(O_BIAS), 1}, {M(MLP_BIAS), 1}, {M(NUM_EXPERTS), 32},
                                {M(EXPERTS_PER_TOKEN), 4}, {M(MOE_INTERMEDIATE_SIZE), 2880},
                                {M(ROUTER_BIAS), 1}, {M(SLIDING_WINDOW), 128},
                                {M(SLIDING_PATTERN), 2}, {0, 0}};

static const vt_kv *const models[] = {llama, qwen2, qwen3, gpt2, falcon, gemma2,
                                      phi3, qwen3_moe, deepseek, gpt_oss};

/* Compare two results part by part, band by band, device by device. */
static void assert_same(const vram_result *a, const vram_result *b, const char *what)
{
    assert_int_equal(a->valid, b->valid);
    assert_int_equal(a->n_stages, b->n_stages);
    for (uint32_t s = 0; s < a->n_stages; s++)
        for (unsigned q = 0; q < VRAM__NPARTS; q++) {
            unsigned p = (q + 1) % VRAM__NPARTS; /* the parts first, the total last */
            const vram__stage *x = &a->stage[s], *y = &b->stage[s];
            if (x->bytes[p] != y->bytes[p] || x->lo[p] != y->lo[p] || x->hi[p] != y->hi[p])
                fail_msg("%s: stage %u part %s: shortcut %llu [%llu, %llu], general %llu "
                         "[%llu, %llu]", what, s, vram_part_name((vram_part)p),
                         (unsigned long long)x->bytes[p], (unsigned long long)x->lo[p],
                         (unsigned long long)x->hi[p], (unsigned long long)y->bytes[p],
                         (unsigned long long)y->lo[p], (unsigned long long)y->hi[p]);
        }
    assert_memory_equal(a->u, b->u, sizeof a->u);
}

static unsigned compare_all(const vram_model *m, const vram_config *c, const char *label)
{
    unsigned compared = 0;
    vram_result *fast = NULL, *slow = NULL;
    assert_ok(vram_result_create(&fast));
    assert_ok(vram_result_create(&slow));
    for (int mode = VRAM_MODE_INFERENCE; mode <= VRAM_MODE_QLORA; mode++) {
        vram_status s1 = vram__run(m, c, (vram_mode)mode, fast, "shortcut", false);
        vram_status s2 = vram__run(m, c, (vram_mode)mode, slow, "general", true);
        assert_int_equal(s1, s2);
        if (s1 != VRAM_OK)
            continue;
        static const char *const modes[] = {"", "inference", "full_ft", "lora", "qlora"};
        char what[160];
        snprintf(what, sizeof what, "%s, mode %s", label, modes[mode]);
        assert_same(fast, slow, what);
        compared++;
    }
    vram_result_destroy(fast);
    vram_result_destroy(slow);
    return compared;
}

static void test_shortcuts_match_general_path(void **state)
{
    (void)state;
    static const char *const precisions[] = {"fp32", "amp_bf16", "bf16_master", "bf16_pure"};
    static const char *const optimizers[] = {"adamw", "adamw_8bit", "paged_adamw_32bit", "sgd",
                                             "sgd_momentum", "lion", "adafactor"};
    unsigned compared = 0;
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        vram_model *m = vt_model(models[i]);
        assert_non_null(m);
        for (size_t p = 0; p < sizeof precisions / sizeof precisions[0]; p++)
            for (size_t o = 0; o < sizeof optimizers / sizeof optimizers[0]; o++)
                for (int variant = 0; variant < 3; variant++) {
                    vram_config *c = NULL;
                    assert_ok(vram_config_create(&c));
                    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 2048));
                    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, 2));
                    assert_ok(vram_config_set_str(c, VRAM_CFG_PRECISION, precisions[p]));
                    assert_ok(vram_config_set_str(c, VRAM_CFG_OPTIMIZER, optimizers[o]));
                    if (variant == 1) { /* every linear adapted, DoRA, dropout, float32 compute */
                        assert_ok(vram_config_set_u64(c, VRAM_CFG_LORA_ALL_LINEAR, 1));
                        assert_ok(vram_config_set_u64(c, VRAM_CFG_DORA, 1));
                        assert_ok(vram_config_set_u64(c, VRAM_CFG_LORA_DROPOUT, 1));
                        assert_ok(vram_config_set_str(c, VRAM_CFG_DTYPE, "float32"));
                    } else if (variant == 2) { /* checkpointing, trained embeddings, ZeRO-3 */
                        assert_ok(vram_config_set_u64(c, VRAM_CFG_GRADIENT_CHECKPOINTING, 1));
                        assert_ok(vram_config_set_u64(c, VRAM_CFG_TRAINABLE_EMBEDDINGS, 1));
                        assert_ok(vram_config_set_u64(c, VRAM_CFG_DP, 4));
                        assert_ok(vram_config_set_u64(c, VRAM_CFG_ZERO_STAGE, 3));
                        assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, "transformers"));
                    }
                    char label[96];
                    snprintf(label, sizeof label, "model %zu, %s, %s, variant %d", i,
                             precisions[p], optimizers[o], variant);
                    compared += compare_all(m, c, label);
                    vram_config_destroy(c);
                }
        /* bitsandbytes 4-bit storage (summed per set when nothing is split):
         * NF4 and FP4, with and without double quantization, served and
         * under LoRA and QLoRA */
        static const char *const bnb[] = {"nf4", "fp4"};
        for (size_t q = 0; q < 2; q++)
            for (int dq = 0; dq < 2; dq++) {
                vram_config *c = NULL;
                assert_ok(vram_config_create(&c));
                assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 4096));
                assert_ok(vram_config_set_str(c, VRAM_CFG_QUANT, bnb[q]));
                assert_ok(vram_config_set_u64(c, VRAM_CFG_DOUBLE_QUANT, (uint64_t)dq));
                char label[64];
                snprintf(label, sizeof label, "model %zu, %s, double_quant %d", i, bnb[q], dq);
                compared += compare_all(m, c, label);
                vram_config_destroy(c);
            }
        /* the inference engines; llama.cpp with the presets whose tensor
         * types depend on the layer index (priced once per kind of layer) */
        static const char *const engines[][2] = {
            {"vllm", NULL},        {"llama.cpp", NULL},     {"llama.cpp", "Q4_K_M"},
            {"llama.cpp", "Q3_K_M"}, {"llama.cpp", "Q4_K_S"}, {"llama.cpp", "IQ4_XS"},
            {"llama.cpp", "Q5_K_M"}, {"llama.cpp", "Q2_K"}, {"llama.cpp", "MXFP4_MOE"}};
        for (size_t e = 0; e < sizeof engines / sizeof engines[0]; e++) {
            vram_config *c = NULL;
            assert_ok(vram_config_create(&c));
            assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, engines[e][0]));
            assert_ok(vram_config_set_str(c, VRAM_CFG_GPU, "H100-80GB"));
            if (engines[e][1]) {
                assert_ok(vram_config_set_str(c, VRAM_CFG_QUANT, "gguf"));
                assert_ok(vram_config_set_str(c, VRAM_CFG_GGUF_FTYPE, engines[e][1]));
                assert_ok(vram_config_set_u64(c, VRAM_CFG_PP, 3)); /* three GPUs */
            }
            char label[64];
            snprintf(label, sizeof label, "model %zu, %s %s", i, engines[e][0],
                     engines[e][1] ? engines[e][1] : "");
            compared += compare_all(m, c, label);
            vram_config_destroy(c);
        }
        vram_model_destroy(m);
    }
    /* 10 models x 4 precisions x 7 optimizers x 3 variants x (3 training
     * modes + inference), less the combinations a mode refuses */
    assert_true(compared > 10 * 4 * 7 * 3 * 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shortcuts_match_general_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
