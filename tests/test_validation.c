/*
 * test_validation.c - the validation matrix: every config key, every model
 * key and every JSON field, given values at and beyond its bounds, must end
 * in the exact status and a message that names the field and the value;
 * a failed set leaves the handle unchanged; products that overflow 64 bits
 * are refused. (Files that lie about their sizes: tests/test_gguf.c and
 * tests/test_safetensors.c; hostile documents: tests/fuzz.)
 *
 * The bounds of config keys come from vram_config_key_bounds, the API's
 * own contract, which the header documents key by key; what is asserted is
 * that the boundary is where that contract says and that every refusal is
 * explained.
 */
#include "vram_test.h"

#include <stdbool.h>

static void assert_msg_has(const char *what, const char *frag)
{
    const char *msg = vram_last_error();
    if (!msg || !frag || !strstr(msg, frag))
        fail_msg("%s: message \"%s\" lacks \"%s\"", what, msg ? msg : "(null)",
                 frag ? frag : "(null)");
}

/* set_u64 with a value that must be refused: the status, the key's name and
 * the value in the message, and the old value kept. */
static void refuse_u64(vram_config *c, vram_config_key k, const char *name, uint64_t v,
                       vram_status want)
{
    uint64_t before = 0, after = 0;
    assert_ok(vram_config_get_u64(c, k, &before));
    char what[96], num[32];
    snprintf(what, sizeof what, "%s = %llu", name, (unsigned long long)v);
    snprintf(num, sizeof num, "%llu", (unsigned long long)v);
    vram_status st = vram_config_set_u64(c, k, v);
    if (st != want)
        fail_msg("%s -> %s, want %s", what, vram_status_name(st), vram_status_name(want));
    assert_msg_has(what, name);
    assert_msg_has(what, num);
    assert_ok(vram_config_get_u64(c, k, &after));
    assert_int_equal(before, after);
}

static void refuse_str(vram_config *c, vram_config_key k, const char *name, const char *v)
{
    char what[96];
    snprintf(what, sizeof what, "%s = \"%s\"", name, v);
    vram_status st = vram_config_set_str(c, k, v);
    if (st == VRAM_OK)
        fail_msg("%s was accepted", what);
    assert_msg_has(what, name);
    assert_msg_has(what, v);
}

static void test_config_keys(void **state)
{
    (void)state;
    unsigned keys = 0;
    vram_config *c = NULL;
    assert_ok(vram_config_create(&c));
    for (int k = 0; k < 1000; k++) {
        const char *name = vram_config_key_name((vram_config_key)k);
        if (!name) {
            assert_status(vram_config_set_u64(c, (vram_config_key)k, 1), VRAM_E_UNKNOWN_KEY);
            continue;
        }
        keys++;
        vram_config_key key = (vram_config_key)k;
        vram_value_type type;
        double lo, hi;
        assert_ok(vram_config_key_bounds(key, &type, &lo, &hi));
        vram_config_key back;
        assert_ok(vram_config_key_from_name(name, &back));
        assert_int_equal(back, key);
        if (type == VRAM_TYPE_U64) {
            uint64_t min = (uint64_t)lo, max = (uint64_t)hi;
            /* the bounds themselves are accepted, one beyond is not */
            assert_ok(vram_config_set_u64(c, key, min));
            assert_ok(vram_config_set_u64(c, key, max));
            assert_ok(vram_config_unset(c, key));
            if (min > 0)
                refuse_u64(c, key, name, min - 1, VRAM_E_RANGE);
            refuse_u64(c, key, name, max + 1, VRAM_E_RANGE);
            refuse_u64(c, key, name, UINT64_C(1) << 63, VRAM_E_RANGE);
            refuse_u64(c, key, name, UINT64_MAX, VRAM_E_RANGE);
            /* the wrong setter */
            assert_status(vram_config_set_f64(c, key, 1.0), VRAM_E_TYPE);
            assert_msg_has(name, name);
            /* text that is not a value of the key */
            refuse_str(c, key, name, "-1");
            refuse_str(c, key, name, "18446744073709551616");
            refuse_str(c, key, name, "no-such-value");
            refuse_str(c, key, name, "NaN");
            refuse_str(c, key, name, "");
            if (max < 1000000) /* not a size in bytes or tokens: a fraction is not rounded */
                refuse_str(c, key, name, "1.5");
        } else {
            assert_int_equal(type, VRAM_TYPE_F64);
            double before, after;
            assert_ok(vram_config_get_f64(c, key, &before));
            const double bad[] = {NAN, INFINITY, -INFINITY, lo - 0.5, hi + 0.5, -1e308, 1e308};
            for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                assert_status(vram_config_set_f64(c, key, bad[i]), VRAM_E_RANGE);
                assert_msg_has(name, name);
            }
            assert_ok(vram_config_get_f64(c, key, &after));
            assert_true(before == after);
            assert_ok(vram_config_set_f64(c, key, hi));
            assert_status(vram_config_set_u64(c, key, 1), VRAM_E_TYPE);
            refuse_str(c, key, name, "nan");
            refuse_str(c, key, name, "inf");
            refuse_str(c, key, name, "0.5x");
            assert_ok(vram_config_unset(c, key));
        }
    }
    assert_true(keys >= 60);
    /* NULL handles and out pointers */
    assert_status(vram_config_set_u64(NULL, VRAM_CFG_SEQ_LEN, 1), VRAM_E_INVALID_ARG);
    assert_status(vram_config_set_str(c, VRAM_CFG_SEQ_LEN, NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_config_get_u64(c, VRAM_CFG_SEQ_LEN, NULL), VRAM_E_INVALID_ARG);
    vram_config_destroy(c);
}

static void test_model_keys(void **state)
{
    (void)state;
    unsigned keys = 0, read_only = 0;
    vram_model *m = NULL;
    assert_ok(vram_model_create(&m));
    for (int k = 0; k < 1000; k++) {
        const char *name = vram_model_key_name((vram_model_key)k);
        if (!name)
            continue;
        keys++;
        vram_model_key key = (vram_model_key)k;
        uint64_t before = 0, after = 0;
        vram_status gst = vram_model_get_u64(m, key, &before);
        vram_status st = vram_model_set_u64(m, key, 1);
        if (st == VRAM_E_READ_ONLY) {
            read_only++;
            assert_msg_has(name, name);
            continue;
        }
        assert_ok(gst);
        /* no architecture field is anywhere near 2^63 */
        const uint64_t bad[] = {UINT64_C(1) << 63, UINT64_MAX, UINT64_C(1) << 50};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            assert_ok(vram_model_get_u64(m, key, &before));
            char num[32];
            snprintf(num, sizeof num, "%llu", (unsigned long long)bad[i]);
            assert_status(vram_model_set_u64(m, key, bad[i]), VRAM_E_RANGE);
            assert_msg_has(name, name);
            assert_msg_has(name, num);
            assert_ok(vram_model_get_u64(m, key, &after));
            assert_int_equal(before, after);
        }
        assert_true(vram_model_set_str(m, key, "-1") != VRAM_OK);
        assert_msg_has(name, name);
        assert_true(vram_model_set_str(m, key, "nope") != VRAM_OK);
        assert_msg_has(name, "nope");
        assert_true(vram_model_set_str(m, key, "99999999999999999999999") != VRAM_OK);
        assert_msg_has(name, "99999999999999999999999");
    }
    assert_true(keys >= 50);
    assert_true(read_only >= 5);
    assert_status(vram_model_set_u64(m, (vram_model_key)9999, 1), VRAM_E_UNKNOWN_KEY);
    assert_status(vram_model_set_u64(NULL, VRAM_MODEL_NUM_LAYERS, 1), VRAM_E_INVALID_ARG);
    vram_model_destroy(m);
}

/* ------------------------------------------------------------ JSON fields */

enum jkind { J_POS, J_NONNEG, J_FRACTION, J_BOOL, J_STR };

static const struct {
    const char *path;
    enum jkind kind;
} json_fields[] = {
    {"max_seq_len", J_POS}, {"max_model_len", J_POS}, {"max_batch_size", J_POS},
    {"max_num_batched_tokens", J_POS}, {"max_num_seqs", J_POS}, {"block_size", J_POS},
    {"gpu_memory_utilization", J_FRACTION}, {"gpu_memory_bytes", J_POS}, {"num_gpus", J_POS},
    {"tensor_parallel_size", J_POS}, {"pipeline_parallel_size", J_POS},
    {"data_parallel_size", J_POS}, {"expert_parallel_size", J_POS}, {"prompt_len", J_POS},
    {"params_billions", J_POS}, {"enforce_eager", J_BOOL}, {"mode", J_STR}, {"engine", J_STR},
    {"dtype", J_STR}, {"kv_cache_dtype", J_STR}, {"quantization", J_STR}, {"gpu", J_STR},
    {"attention", J_STR}, {"logits", J_STR}, {"model_name", J_STR},
    {"quantization_config.bits", J_POS}, {"quantization_config.group_size", J_POS},
    {"quantization_config.double_quant", J_BOOL},
    {"training.precision", J_STR}, {"training.optimizer", J_STR},
    {"training.micro_batch_size", J_POS}, {"training.seq_len", J_POS},
    {"training.gradient_checkpointing", J_BOOL}, {"training.attention", J_STR},
    {"training.lora_rank", J_POS}, {"training.lora_alpha", J_NONNEG},
    {"training.lora_dtype", J_STR}, {"training.trainable_embeddings", J_BOOL},
    {"training.zero_stage", J_NONNEG}, {"training.fsdp", J_BOOL},
    {"training.offload_optimizer", J_BOOL}, {"training.offload_params", J_BOOL},
    {"training.double_quant", J_BOOL}, {"training.grad_accum_steps", J_POS},
    {"training.dora", J_BOOL}, {"training.lora_dropout", J_FRACTION},
    {"training.pp_microbatches", J_POS},
    {"llama_cpp.n_ctx", J_POS}, {"llama_cpp.n_batch", J_POS}, {"llama_cpp.n_ubatch", J_POS},
    {"llama_cpp.n_seq", J_POS}, {"llama_cpp.n_gpu_layers", J_NONNEG},
    {"llama_cpp.type_k", J_STR}, {"llama_cpp.type_v", J_STR}, {"llama_cpp.flash_attn", J_BOOL},
    {"overheads.cuda_context_bytes", J_NONNEG}, {"overheads.allocator_slack", J_FRACTION},
    {"architecture.num_layers", J_POS}, {"architecture.hidden_size", J_POS},
    {"architecture.num_attention_heads", J_POS}, {"architecture.vocab_size", J_POS},
};

/* {"model_name": "gpt2", <path as nested objects>: value}; training fields
 * in a LoRA request, llama_cpp fields with that engine (elsewhere they are
 * refused as such) */
static void build(char *buf, size_t cap, const char *path, const char *value)
{
    const char *dot = strchr(path, '.');
    bool names_model = strcmp(path, "model_name") == 0;
    const char *ctx = strncmp(path, "training.", 9) == 0    ? "\"mode\": \"lora\", "
                      : strncmp(path, "llama_cpp.", 10) == 0 ? "\"engine\": \"llama.cpp\", "
                                                             : "";
    if (dot)
        snprintf(buf, cap, "{%s%s\"%.*s\": {\"%s\": %s}}", ctx,
                 names_model ? "" : "\"model_name\": \"gpt2\", ", (int)(dot - path), path, dot + 1,
                 value);
    else
        snprintf(buf, cap, "{%s\"%s\": %s}", names_model ? "" : "\"model_name\": \"gpt2\", ", path,
                 value);
}

static void expect(const char *path, const char *value, vram_status want, const char *frag)
{
    char req[512], out[4096];
    build(req, sizeof req, path, value);
    vram_status st = vram_api_call(req, strlen(req), out, sizeof out, NULL);
    if (st != want)
        fail_msg("%s -> %s, want %s: %s", req, vram_status_name(st), vram_status_name(want), out);
    if (want == VRAM_OK)
        return;
    assert_non_null(strstr(out, "\"error\""));
    /* the message names the field (its last component at least) and the value */
    const char *leaf = strrchr(path, '.');
    leaf = leaf ? leaf + 1 : path;
    if (!strstr(out, leaf) && want != VRAM_E_PARSE)
        fail_msg("%s: the message does not name %s: %s", req, leaf, out);
    if (frag && !strstr(out, frag))
        fail_msg("%s: the message lacks %s: %s", req, frag, out);
}

static void test_json_fields(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof json_fields / sizeof json_fields[0]; i++) {
        const char *p = json_fields[i].path;
        enum jkind k = json_fields[i].kind;
        /* values no field takes */
        expect(p, "1e400", VRAM_E_PARSE, "1e400");
        expect(p, "NaN", VRAM_E_PARSE, "byte");
        expect(p, "-Infinity", VRAM_E_PARSE, "byte");
        expect(p, "[]", VRAM_E_TYPE, NULL);
        expect(p, "{}", VRAM_E_TYPE, NULL);
        switch (k) {
        case J_POS:
        case J_NONNEG:
            /* group_size -1 means one group per channel (transformers' GPTQ convention) */
            if (strcmp(p, "quantization_config.group_size") == 0)
                expect(p, "-2", VRAM_E_RANGE, "-2");
            else
                expect(p, "-1", VRAM_E_RANGE, "-1");
            expect(p, "\"8\"", VRAM_E_TYPE, "\\\"8\\\"");
            expect(p, "true", VRAM_E_TYPE, "true");
            if (strcmp(p, "params_billions") == 0) {
                /* 1e6 .. 1e13 parameters; the message names the field's own value */
                expect(p, "1e300", VRAM_E_RANGE, "1e+300");
                expect(p, "0.0001", VRAM_E_RANGE, "0.0001");
                expect(p, "10001", VRAM_E_RANGE, "10001");
            } else {
                expect(p, "2.5", VRAM_E_TYPE, "2.5");
                expect(p, "18446744073709551616", VRAM_E_RANGE, "18446744073709551616");
                expect(p, "9223372036854775808", VRAM_E_RANGE, "9223372036854775808");
            }
            if (k == J_POS)
                expect(p, "0", VRAM_E_RANGE, "0");
            break;
        case J_FRACTION:
            expect(p, "-0.5", VRAM_E_RANGE, "-0.5");
            expect(p, "1.5", VRAM_E_RANGE, "1.5");
            expect(p, "\"0.5\"", VRAM_E_TYPE, NULL);
            break;
        case J_BOOL:
            expect(p, "1", VRAM_E_TYPE, "1");
            expect(p, "\"true\"", VRAM_E_TYPE, "true");
            break;
        case J_STR:
            expect(p, "5", VRAM_E_TYPE, "5");
            expect(p, "\"no-such-thing\"", strcmp(p, "model_name") == 0 || strcmp(p, "gpu") == 0
                                                 ? VRAM_E_NOT_FOUND : VRAM_E_UNKNOWN_KEY,
                   "no-such-thing");
            break;
        }
    }
}

/* Products that overflow 64 bits end in VRAM_E_OVERFLOW; a result that is
 * VRAM_OK never has a total below one of its parts. */
static void test_overflowing_products(void **state)
{
    (void)state;
    vram_model *m = NULL;
    assert_ok(vram_model_create(&m));
    /* the largest shapes the keys accept: 2^20 hidden, 2^24 vocabulary ... */
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_NUM_LAYERS, 1024));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_HIDDEN_SIZE, UINT64_C(1) << 20));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_NUM_HEADS, UINT64_C(1) << 16));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_INTERMEDIATE_SIZE, UINT64_C(1) << 24));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_VOCAB_SIZE, UINT64_C(1) << 24));
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    /* 1024 x (3 x 2^44 MLP + 2 x 2^40 attention) parameters overflow no
     * uint64, but batch x seq x layers x KV bytes does */
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, UINT64_C(1) << 24));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, UINT64_C(1) << 32));
    for (int mode = VRAM_MODE_INFERENCE; mode <= VRAM_MODE_QLORA; mode++) {
        vram_status st = vram_estimate(m, c, (vram_mode)mode, r);
        assert_true(st == VRAM_E_OVERFLOW || st == VRAM_E_INCOMPLETE);
        if (st == VRAM_E_OVERFLOW)
            assert_msg_has("overflow", "overflow");
        uint64_t b;
        assert_status(vram_result_bytes(r, 0, VRAM_PART_TOTAL, &b), VRAM_E_RANGE);
    }
    /* every engine at the largest sizes refuses that workload ... */
    static const char *const engines[] = {"transformers", "vllm", "llama.cpp"};
    for (size_t e = 0; e < 3; e++) {
        assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, engines[e]));
        vram_status st = vram_estimate_inference(m, c, r);
        assert_true(st != VRAM_OK);
        assert_true(vram_last_error()[0] != '\0');
    }
    /* ... and estimates the default one (one sequence of 4096 tokens): the
     * model alone is about 2^56 bytes, representable, so the parts are
     * exact and sum to the total without wrapping */
    assert_ok(vram_config_unset(c, VRAM_CFG_BATCH_SIZE));
    assert_ok(vram_config_unset(c, VRAM_CFG_SEQ_LEN));
    for (size_t e = 0; e < 3; e++) {
        assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, engines[e]));
        assert_ok(vram_estimate_inference(m, c, r));
        uint64_t total = 0, sum = 0, part = 0, w = 0;
        assert_ok(vram_result_bytes(r, 0, VRAM_PART_TOTAL, &total));
        for (int p = 1; p <= VRAM_PART_WEIGHT_COPIES; p++) {
            assert_ok(vram_result_bytes(r, 0, (vram_part)p, &part));
            assert_true(part <= total);
            sum += part;
        }
        assert_int_equal(sum, total);
        /* weights: 1024 layers x (3 x 2^44 + 4 x 2^40) + 2 x 2^44 parameters
         * in 2 bytes, at least 2^56 */
        assert_ok(vram_result_bytes(r, 0, VRAM_PART_WEIGHTS, &w));
        assert_true(w >= UINT64_C(1) << 56);
    }
    vram_result_destroy(r);
    vram_config_destroy(c);
    vram_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_keys),
        cmocka_unit_test(test_model_keys),
        cmocka_unit_test(test_json_fields),
        cmocka_unit_test(test_overflowing_products),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
