/*
 * test_solve.c - the inverse questions: the largest batch and context, the
 * fewest GPUs, the best weight format, whether checkpointing is needed.
 * Expected values come from vLLM's own log (tests/data/measured.jsonl,
 * vllm-llmd-llama31-8b-tp1-8192: "GPU KV cache size: 476,016 tokens |
 * Maximum concurrency for 8,192 tokens per request: 58.11x") and from
 * arguments on sizes written in the comments; every solver answer is also
 * checked to be the largest value that fits.
 */
#include "vram_test.h"

#define M(k) VRAM_MODEL_##k
#define GIB(x) ((uint64_t)((x) * 1073741824.0))

static const vt_kv llama31_8b[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                                   {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 14336},
                                   {M(VOCAB_SIZE), 128256}, {M(MAX_POSITION_EMBEDDINGS), 131072},
                                   {0, 0}};

static uint64_t peak(const vram_model *m, vram_config *c, vram_mode mode)
{
    vram_result *r = NULL;
    uint64_t v = 0;
    assert_ok(vram_result_create(&r));
    assert_ok(vram_estimate(m, c, mode, r));
    assert_ok(vram_result_get_u64(r, VRAM_RES_PEAK_DEVICE_BYTES, &v));
    vram_result_destroy(r);
    return v;
}

/* vLLM on the H100 of the log: 58.11x concurrency at 8192 tokens, so 58
 * sequences of 8192 tokens fit and 59 do not; one sequence can be 476,016
 * tokens long (29,751 blocks of 16). The library's block count is within
 * 0.1 % of the log's, so the answers are within that too. */
static void test_solve_vllm_from_log(void **state)
{
    (void)state;
    vram_model *m = vt_model(llama31_8b);
    vram_config *c = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_ENGINE, VRAM_ENGINE_VLLM));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 8192));
    assert_ok(vram_config_set_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, 0.95));
    uint64_t b = 0, s = 0;
    assert_ok(vram_solve_max_batch(m, c, VRAM_MODE_INFERENCE, GIB(79.19), &b));
    assert_int_equal(b, 58);
    /* the whole 131,072-token context fits: the answer stops at the model's
     * max_position_embeddings, as vLLM refuses a longer max_model_len */
    assert_ok(vram_solve_max_seq_len(m, c, VRAM_MODE_INFERENCE, GIB(79.19), &s));
    assert_int_equal(s, 131072);
    /* without that limit one sequence fills the KV cache */
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_MAX_POSITION_EMBEDDINGS, 0));
    assert_ok(vram_solve_max_seq_len(m, c, VRAM_MODE_INFERENCE, GIB(79.19), &s));
    assert_true(s >= 476016 - 500 && s <= 476016 + 500);
    assert_int_equal(s % 16, 0); /* whole blocks */
    vram_model_destroy(m);
    vram_config_destroy(c);
}

/* Transformers: the answer fits and one more does not. */
static void test_solve_largest_that_fits(void **state)
{
    (void)state;
    vram_model *m = vt_model(llama31_8b);
    vram_config *c = NULL;
    assert_ok(vram_config_create(&c));
    const uint64_t budget = GIB(80);
    uint64_t b = 0;
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 8192));
    assert_ok(vram_solve_max_batch(m, c, VRAM_MODE_INFERENCE, budget, &b));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, b));
    assert_true(peak(m, c, VRAM_MODE_INFERENCE) <= budget);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, b + 1));
    assert_true(peak(m, c, VRAM_MODE_INFERENCE) > budget);
    /* By hand (bf16, SDPA, doc/activations.md): weights 8,030,261,248 x 2 =
     * 16,060,522,496 B; per 8192-token sequence the KV cache 8192 x 32 layers
     * x 2 x 8 heads x 128 x 2 B = 1,073,741,824 B, the prefill peak of one
     * layer 8192 x (2h c + (h + 3 I) c) = 8192 x 110,592 = 905,969,664 B
     * (residual stream + MLP, h 4096, I 14336) and the last position's logits
     * 128,256 x (2 + 8) = 1,282,560 B: 1,980,994,048 B per sequence. With the
     * 40 MiB workspace, 5 % allocator slack and the 512 MiB context:
     * 512 MiB + 1.05 x (16,102,465,536 + b x 1,980,994,048) <= 80 GiB gives
     * b <= 32.9, so 32 sequences. */
    assert_int_equal(b, 32);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, b));
    vram_result *r = NULL;
    assert_ok(vram_result_create(&r));
    assert_ok(vram_estimate_inference(m, c, r));
    uint64_t kv = 0;
    assert_ok(vram_result_bytes(r, 0, VRAM_PART_KV_CACHE, &kv));
    assert_int_equal(kv, 32 * UINT64_C(1073741824));
    vram_result_destroy(r);

    uint64_t s = 0;
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, 2));
    assert_ok(vram_solve_max_seq_len(m, c, VRAM_MODE_LORA, budget, &s));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, s));
    assert_true(peak(m, c, VRAM_MODE_LORA) <= budget);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, s + 1));
    assert_true(peak(m, c, VRAM_MODE_LORA) > budget);

    /* nothing fits: 16 GB of bf16 weights in 8 GiB */
    assert_status(vram_solve_max_batch(m, c, VRAM_MODE_INFERENCE, GIB(8), &b), VRAM_E_DOES_NOT_FIT);
    assert_status(vram_solve_max_batch(m, c, VRAM_MODE_INFERENCE, 0, &b), VRAM_E_RANGE);
    assert_status(vram_solve_max_batch(NULL, c, VRAM_MODE_INFERENCE, 1, &b), VRAM_E_INVALID_ARG);
    vram_model_destroy(m);
    vram_config_destroy(c);
}

/* The solvers take a secant step and gallop from it; whatever the shape of
 * the estimate (linear KV, quadratic eager scores, the maximum of training
 * phases), the answer must be exactly the largest value that fits. */
static void test_solve_exact_over_a_sweep(void **state)
{
    (void)state;
    vram_model *m = vt_model(llama31_8b);
    assert_non_null(m);
    static const struct {
        vram_mode mode;
        const char *engine, *attention;
    } cases[] = {{VRAM_MODE_INFERENCE, "transformers", "sdpa"},
                 {VRAM_MODE_INFERENCE, "transformers", "eager"},
                 {VRAM_MODE_INFERENCE, "llama.cpp", NULL},
                 {VRAM_MODE_FULL_FT, "transformers", "eager"},
                 {VRAM_MODE_LORA, "transformers", "sdpa"},
                 {VRAM_MODE_QLORA, "transformers", "eager"}};
    unsigned solved = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        for (uint64_t gib = 24; gib <= 200; gib += 22) {
            vram_config *c = NULL;
            assert_ok(vram_config_create(&c));
            assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, cases[k].engine));
            if (cases[k].attention)
                assert_ok(vram_config_set_str(c, VRAM_CFG_ATTENTION, cases[k].attention));
            assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 2048));
            uint64_t b = 0, s = 0;
            vram_status st = vram_solve_max_batch(m, c, cases[k].mode, GIB(gib), &b);
            if (st == VRAM_OK) {
                assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, b));
                assert_true(peak(m, c, cases[k].mode) <= GIB(gib));
                assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, b + 1));
                assert_true(peak(m, c, cases[k].mode) > GIB(gib));
                solved++;
            } else {
                assert_int_equal(st, VRAM_E_DOES_NOT_FIT);
            }
            assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, 1));
            st = vram_solve_max_seq_len(m, c, cases[k].mode, GIB(gib), &s);
            if (st == VRAM_OK) {
                assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, s));
                assert_true(peak(m, c, cases[k].mode) <= GIB(gib));
                /* the longest that fits, or the model's whole 131,072-token context */
                assert_true(s <= 131072);
                assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, s + 1));
                assert_true(s == 131072 || peak(m, c, cases[k].mode) > GIB(gib));
                solved++;
            } else {
                assert_int_equal(st, VRAM_E_DOES_NOT_FIT);
            }
            vram_config_destroy(c);
        }
    assert_true(solved > 60); /* 6 cases x 9 budgets x 2 solvers, less those that cannot fit */
    vram_model_destroy(m);
}

/* Llama-3.1-70B in bf16 is 141 GB of weights: one 80 GB device cannot hold
 * it, two with tensor parallelism can (70.6 GB each); tensor parallelism is
 * preferred to pipeline stages. 405B (812 GB) needs at least 11. */
static void test_solve_min_gpus(void **state)
{
    (void)state;
    const vt_kv l70[] = {{M(NUM_LAYERS), 80}, {M(HIDDEN_SIZE), 8192}, {M(NUM_HEADS), 64},
                         {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 28672},
                         {M(VOCAB_SIZE), 128256}, {0, 0}};
    const vt_kv l405[] = {{M(NUM_LAYERS), 126}, {M(HIDDEN_SIZE), 16384}, {M(NUM_HEADS), 128},
                          {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 53248},
                          {M(VOCAB_SIZE), 128256}, {0, 0}};
    vram_model *m = vt_model(l70);
    vram_config *c = NULL;
    assert_ok(vram_config_create(&c));
    uint64_t tp = 0, pp = 0, n = 0;
    assert_ok(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, GIB(79.19), 64, &tp, &pp, &n));
    assert_int_equal(n, 2);
    assert_int_equal(tp, 2);
    assert_int_equal(pp, 1);
    assert_status(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, GIB(79.19), 1, &tp, &pp, &n),
                  VRAM_E_DOES_NOT_FIT);
    /* On RTX 4090s (24,564 MiB, 462 MiB kept by the driver: 25.27 GB to
     * CUDA): 141 GB / 25.3 GB is 5.6, so at least 6 cards. A layer is
     * 855,654,400 parameters (q, o 8192^2; k, v 8192 x 1024; MLP 3 x 8192 x
     * 28672; two norms), 1,711,308,800 B. Six cards fail: pp 6 puts 14 layers
     * (23.96 GB) on a stage and tp 2 x pp 3 puts 27 half-layers and half the
     * embedding (23.10 + 1.05 GB) on the first, and either x 1.05 slack +
     * 0.54 GB of context exceeds 25.27 GB. Seven is tp 1 x pp 7 (7 is prime
     * and tp 7 cannot split 64 heads): 12 layers at most, 20.5 GB. */
    assert_ok(vram_config_set_str(c, VRAM_CFG_GPU, "RTX-4090"));
    uint64_t usable = 0;
    uint32_t idx = 0;
    assert_ok(vram_gpu_find("rtx 4090", &idx));
    assert_ok(vram_gpu_get_u64(idx, VRAM_GPU_USABLE_BYTES, &usable));
    assert_ok(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, usable, 64, &tp, &pp, &n));
    assert_int_equal(n, 7);
    assert_int_equal(tp, 1);
    assert_int_equal(pp, 7);
    assert_ok(vram_config_unset(c, VRAM_CFG_GPU));
    vram_model_destroy(m);
    m = vt_model(l405);
    /* 405B: a layer is 3,187,703,808 parameters (q, o 16384^2; k, v 16384 x
     * 1024; MLP 3 x 16384 x 53248; norms), 6,375,407,616 B. Ten devices of
     * 79.19 GiB (85.03 GB) fail: pp 10 puts 13 layers (82.9 GB) on a stage,
     * tp 2 x pp 5 26 half-layers (82.9 GB), both over 85.03 / 1.05. Eleven
     * is tp 1 x pp 11: 12 layers at most (76.5 GB), the first stage 11 layers
     * and the embedding (70.1 + 4.2 GB); x 1.05 + 0.54 GB fits. */
    assert_ok(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, GIB(79.19), 64, &tp, &pp, &n));
    assert_int_equal(n, 11);
    assert_int_equal(tp, 1);
    assert_int_equal(pp, 11);
    vram_model_destroy(m);
    vram_config_destroy(c);
}

/* Llama-3.1-8B at 4096 tokens: bf16 (16.1 GB of weights) fits 20 GiB; fp8
 * (9.1 GB) fits 12 GiB but not bf16; 8 GiB leaves 4-bit (GPTQ ~5.4 GB)
 * after LLM.int8 (9.1 GB) fails. With llama.cpp the presets step down from
 * Q8_0 (8.5 GB), and 5 GiB reaches Q4_K_M (4.9 GB per the log's 4.58 GiB
 * file) or below. */
/* A solver that cannot fit even one sequence names the peak device's bytes:
 * with four pipeline stages the last (LM head and logits) is the largest. */
static void test_solve_does_not_fit_names_peak(void **state)
{
    (void)state;
    vram_model *m = vt_model(llama31_8b);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_PP, 4));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, 1));
    assert_ok(vram_estimate_inference(m, c, r));
    uint64_t peak_dev = 0, first = 0, peak_bytes = 0;
    assert_ok(vram_result_get_u64(r, VRAM_RES_PEAK_DEVICE, &peak_dev));
    assert_ok(vram_result_get_u64(r, VRAM_RES_PEAK_DEVICE_BYTES, &peak_bytes));
    assert_ok(vram_result_bytes(r, 0, VRAM_PART_TOTAL, &first));
    assert_true(peak_dev != 0 && peak_bytes > first); /* the case the message must get right */
    uint64_t b = 0;
    assert_status(vram_solve_max_batch(m, c, VRAM_MODE_INFERENCE, 1000000, &b), VRAM_E_DOES_NOT_FIT);
    char want[32];
    snprintf(want, sizeof want, "%llu bytes", (unsigned long long)peak_bytes);
    assert_non_null(strstr(vram_last_error(), want));
    vram_result_destroy(r);
    vram_model_destroy(m);
    vram_config_destroy(c);
}

static void test_solve_best_quant(void **state)
{
    (void)state;
    vram_model *m = vt_model(llama31_8b);
    vram_config *c = NULL;
    assert_ok(vram_config_create(&c));
    vram_quant q;
    uint64_t bits;
    assert_ok(vram_solve_best_quant(m, c, GIB(20), &q, &bits));
    assert_int_equal(q, VRAM_QUANT_NONE);
    assert_ok(vram_solve_best_quant(m, c, GIB(12), &q, &bits));
    assert_int_equal(q, VRAM_QUANT_FP8);
    assert_ok(vram_solve_best_quant(m, c, GIB(8), &q, &bits));
    assert_int_equal(q, VRAM_QUANT_GPTQ);
    assert_int_equal(bits, 4);
    assert_status(vram_solve_best_quant(m, c, GIB(2), &q, &bits), VRAM_E_DOES_NOT_FIT);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_ENGINE, VRAM_ENGINE_LLAMA_CPP));
    assert_ok(vram_solve_best_quant(m, c, GIB(10), &q, &bits));
    assert_int_equal(q, VRAM_QUANT_GGUF);
    assert_int_equal(bits, VRAM_GGUF_Q8_0);
    /* 6 GiB: Q5_K_M's 5.34 GiB of weights (the file size) leave no room for
     * the 0.5 GiB KV cache of 4096 f16 cells, the compute buffer and the CUDA
     * context; Q4_K_M's 4.58 GiB do */
    assert_ok(vram_solve_best_quant(m, c, GIB(6), &q, &bits));
    assert_int_equal(q, VRAM_QUANT_GGUF);
    assert_int_equal(bits, VRAM_GGUF_Q4_K_M);
    /* the config's own quant keys are ignored: a group size of 1 or nested
     * quantization off does not change what the candidates cost */
    assert_ok(vram_config_set_u64(c, VRAM_CFG_ENGINE, VRAM_ENGINE_TRANSFORMERS));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_QUANT_GROUP_SIZE, 1));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_DOUBLE_QUANT, 0));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_QUANT_BITS, 8));
    assert_ok(vram_solve_best_quant(m, c, GIB(8), &q, &bits));
    assert_int_equal(q, VRAM_QUANT_GPTQ);
    assert_int_equal(bits, 4);
    vram_model_destroy(m);
    vram_config_destroy(c);
}

/* LoRA on Llama-3.1-8B, batch 2: at 8192 tokens the saved activations of 32
 * layers (~170 KB per token per layer, ~85 GiB) do not fit 80 GiB, but one
 * bf16 input per layer (2 x 8192 x 4096 x 2 B x 32 layers = 4 GiB) plus one
 * layer recomputed does; at 512 tokens nothing needs recomputing. */
static void test_solve_needs_checkpointing(void **state)
{
    (void)state;
    vram_model *m = vt_model(llama31_8b);
    vram_config *c = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, 2));
    int needed = -1;
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 8192));
    assert_ok(vram_solve_needs_checkpointing(m, c, VRAM_MODE_LORA, GIB(80), &needed));
    assert_int_equal(needed, 1);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 512));
    assert_ok(vram_solve_needs_checkpointing(m, c, VRAM_MODE_LORA, GIB(80), &needed));
    assert_int_equal(needed, 0);
    assert_status(vram_solve_needs_checkpointing(m, c, VRAM_MODE_LORA, GIB(10), &needed),
                  VRAM_E_DOES_NOT_FIT);
    assert_status(vram_solve_needs_checkpointing(m, c, VRAM_MODE_INFERENCE, GIB(80), &needed),
                  VRAM_E_RANGE);
    vram_model_destroy(m);
    vram_config_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solve_vllm_from_log),
        cmocka_unit_test(test_solve_largest_that_fits),
        cmocka_unit_test(test_solve_exact_over_a_sweep),
        cmocka_unit_test(test_solve_min_gpus),
        cmocka_unit_test(test_solve_best_quant),
        cmocka_unit_test(test_solve_does_not_fit_names_peak),
        cmocka_unit_test(test_solve_needs_checkpointing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
