/*
 * test_threads.c - eight threads estimating at once on shared const handles.
 *
 * The header promises (STYLE.md, "Thread safety"): every function that takes
 * a const handle may run concurrently with any other such call, and
 * vram_last_error() is per thread. Each thread here runs the same workload
 * as the single-threaded reference (every mode, every engine, the solvers,
 * the JSON API, on models shared by all threads) and must produce the same
 * bytes; half the threads also provoke errors and must read back their own
 * messages, never another thread's. Built under -Db_sanitize=thread in CI.
 */
#include "vram_test.h"

#include <pthread.h>

#define NTHREADS 8
#define ROUNDS 40
#define M(k) VRAM_MODEL_##k

static const vt_kv llama31_8b[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                                   {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 14336},
                                   {M(VOCAB_SIZE), 128256}, {M(MAX_POSITION_EMBEDDINGS), 131072},
                                   {0, 0}};
static const vt_kv qwen3_30b_a3b[] = {{M(NUM_LAYERS), 48}, {M(HIDDEN_SIZE), 2048},
                                      {M(NUM_HEADS), 32}, {M(NUM_KV_HEADS), 4}, {M(HEAD_DIM), 128},
                                      {M(INTERMEDIATE_SIZE), 6144}, {M(VOCAB_SIZE), 151936},
                                      {M(QK_NORM), 1}, {M(NUM_EXPERTS), 128},
                                      {M(EXPERTS_PER_TOKEN), 8}, {M(MOE_INTERMEDIATE_SIZE), 768},
                                      {0, 0}};

/* Handles shared read-only by every thread. */
typedef struct shared {
    const vram_model *model[2];
    const vram_config *config[4];
} shared;

/* What one pass of the workload produced: the JSON of every estimate and
 * the solvers' answers, concatenated. */
#define OUT_CAP (64 * 1024)
typedef struct pass {
    char text[OUT_CAP];
    size_t len;
    int failures; /* a call that should succeed did not, or a message leaked */
} pass;

static void put(pass *p, const char *s)
{
    size_t n = strlen(s);
    if (p->len + n < OUT_CAP) {
        memcpy(p->text + p->len, s, n);
        p->len += n;
    }
}

static void run_workload(const shared *sh, pass *p, int tid)
{
    static const vram_mode modes[] = {VRAM_MODE_INFERENCE, VRAM_MODE_FULL_FT, VRAM_MODE_LORA,
                                      VRAM_MODE_QLORA};
    vram_result *r = NULL;
    if (vram_result_create(&r) != VRAM_OK) {
        p->failures++;
        return;
    }
    char json[8192];
    for (int mi = 0; mi < 2; mi++)
        for (int ci = 0; ci < 4; ci++)
            for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
                vram_status st = vram_estimate(sh->model[mi], sh->config[ci], modes[k], r);
                if (st == VRAM_OK) {
                    if (vram_result_to_json(r, json, sizeof json, NULL) != VRAM_OK)
                        p->failures++;
                    put(p, json);
                } else {
                    /* engines refuse training: the refusal is part of the output */
                    put(p, vram_status_name(st));
                }
            }
    uint64_t batch = 0, seq = 0, tp = 0, pp = 0, n = 0;
    if (vram_solve_max_batch(sh->model[0], sh->config[0], VRAM_MODE_INFERENCE,
                             UINT64_C(80) << 30, &batch) != VRAM_OK ||
        vram_solve_max_seq_len(sh->model[0], sh->config[0], VRAM_MODE_LORA, UINT64_C(24) << 30,
                               &seq) != VRAM_OK ||
        vram_solve_min_gpus(sh->model[1], sh->config[1], VRAM_MODE_INFERENCE, UINT64_C(24) << 30,
                            64, &tp, &pp, &n) != VRAM_OK)
        p->failures++;
    char line[128];
    snprintf(line, sizeof line, "batch %llu seq %llu tp %llu pp %llu n %llu",
             (unsigned long long)batch, (unsigned long long)seq, (unsigned long long)tp,
             (unsigned long long)pp, (unsigned long long)n);
    put(p, line);

    if (tid % 2) {
        /* a failing call: this thread's message names this thread's bad
         * value, whatever the other threads are failing with meanwhile */
        char want[32];
        snprintf(want, sizeof want, "thread-%d-gpu", tid);
        vram_config *mine = NULL;
        if (vram_config_create(&mine) != VRAM_OK) {
            p->failures++;
        } else {
            if (vram_config_set_str(mine, VRAM_CFG_GPU, want) == VRAM_OK ||
                !strstr(vram_last_error(), want))
                p->failures++;
            vram_config_destroy(mine);
        }
    }
    vram_result_destroy(r);
}

typedef struct job {
    const shared *sh;
    int tid;
    pass *p;
} job;

static void *thread_main(void *arg)
{
    job *j = arg;
    for (int round = 0; round < ROUNDS; round++) {
        j->p->len = 0;
        run_workload(j->sh, j->p, j->tid);
    }
    return NULL;
}

static void test_eight_threads_match_single_thread(void **state)
{
    (void)state;
    vram_model *m0 = vt_model(llama31_8b), *m1 = vt_model(qwen3_30b_a3b);
    assert_non_null(m0);
    assert_non_null(m1);
    vram_config *c[4];
    for (int i = 0; i < 4; i++)
        assert_ok(vram_config_create(&c[i]));
    assert_ok(vram_config_set_u64(c[0], VRAM_CFG_SEQ_LEN, 8192));
    assert_ok(vram_config_set_str(c[0], VRAM_CFG_GPU, "H100-80GB"));
    assert_ok(vram_config_set_str(c[1], VRAM_CFG_ENGINE, "vllm"));
    assert_ok(vram_config_set_str(c[1], VRAM_CFG_GPU, "L40S"));
    assert_ok(vram_config_set_str(c[2], VRAM_CFG_ENGINE, "llama.cpp"));
    assert_ok(vram_config_set_str(c[2], VRAM_CFG_QUANT, "gguf"));
    assert_ok(vram_config_set_str(c[2], VRAM_CFG_GGUF_FTYPE, "Q4_K_M"));
    assert_ok(vram_config_set_u64(c[3], VRAM_CFG_TP, 2));
    assert_ok(vram_config_set_u64(c[3], VRAM_CFG_BATCH_SIZE, 4));
    shared sh = {{m0, m1}, {c[0], c[1], c[2], c[3]}};

    static pass reference, results[NTHREADS];
    run_workload(&sh, &reference, 0);
    assert_int_equal(reference.failures, 0);
    assert_true(reference.len > 10000); /* it did estimate: 32 JSON objects */

    pthread_t th[NTHREADS];
    job jobs[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        jobs[t] = (job){&sh, t, &results[t]};
        assert_int_equal(pthread_create(&th[t], NULL, thread_main, &jobs[t]), 0);
    }
    for (int t = 0; t < NTHREADS; t++)
        assert_int_equal(pthread_join(th[t], NULL), 0);
    for (int t = 0; t < NTHREADS; t++) {
        assert_int_equal(results[t].failures, 0);
        assert_int_equal(results[t].len, reference.len);
        assert_memory_equal(results[t].text, reference.text, reference.len);
    }
    for (int i = 0; i < 4; i++)
        vram_config_destroy(c[i]);
    vram_model_destroy(m0);
    vram_model_destroy(m1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eight_threads_match_single_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
