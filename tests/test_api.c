/*
 * test_api.c - the handle, key and error conventions of the public API
 * (STYLE.md sections 1 and 7): status strings, per-thread messages,
 * destroy(NULL), NULL handles, typed setters, ranges, unknown keys, the
 * version, overflow.
 */
#include "vram_test.h"

static void test_api_version(void **state)
{
    (void)state;
    assert_int_equal(vram_version_number(), VRAM_VERSION_NUMBER);
    assert_string_equal(vram_version_string(), VRAM_VERSION_STRING);
    assert_int_equal(VRAM_VERSION_NUMBER,
                     VRAM_VERSION_MAJOR * 10000 + VRAM_VERSION_MINOR * 100 + VRAM_VERSION_PATCH);
}

/* Every status has its own text and enumerator name; unknown ones are named so. */
static void test_api_status_strings_distinct(void **state)
{
    (void)state;
    for (int a = VRAM_OK; a <= VRAM_E_READ_ONLY; a++) {
        assert_non_null(vram_strerror((vram_status)a));
        assert_string_not_equal(vram_strerror((vram_status)a), "unknown status");
        for (int b = a + 1; b <= VRAM_E_READ_ONLY; b++) {
            assert_string_not_equal(vram_strerror((vram_status)a), vram_strerror((vram_status)b));
            assert_string_not_equal(vram_status_name((vram_status)a), vram_status_name((vram_status)b));
        }
    }
    assert_string_equal(vram_status_name(VRAM_E_RANGE), "VRAM_E_RANGE");
    assert_string_equal(vram_strerror((vram_status)9999), "unknown status");
    assert_string_equal(vram_status_name((vram_status)-1), "VRAM_E_UNKNOWN");
}

static void test_api_destroy_null_is_noop(void **state)
{
    (void)state;
    vram_model_destroy(NULL);
    vram_config_destroy(NULL);
    vram_result_destroy(NULL);
}

static void test_api_null_arguments(void **state)
{
    (void)state;
    vram_model *m = NULL;
    vram_config *c = NULL;
    vram_result *r = NULL;
    uint64_t v;
    assert_status(vram_model_create(NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_config_create(NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_result_create(NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_model_set_u64(NULL, VRAM_MODEL_NUM_LAYERS, 1), VRAM_E_INVALID_ARG);
    assert_status(vram_config_set_u64(NULL, VRAM_CFG_SEQ_LEN, 1), VRAM_E_INVALID_ARG);
    assert_status(vram_model_clone(NULL, &m), VRAM_E_INVALID_ARG);
    assert_null(m);
    assert_ok(vram_model_create(&m));
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_status(vram_estimate_inference(NULL, c, r), VRAM_E_INVALID_ARG);
    assert_non_null(strstr(vram_last_error(), "model"));
    assert_status(vram_estimate_inference(m, NULL, r), VRAM_E_INVALID_ARG);
    assert_status(vram_estimate_full_ft(m, c, NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_model_get_u64(m, VRAM_MODEL_HIDDEN_SIZE, NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_result_bytes(r, 0, VRAM_PART_TOTAL, &v), VRAM_E_RANGE); /* no estimate yet */
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

/* Every exported function refuses a NULL handle, string or output pointer
 * with VRAM_E_INVALID_ARG (the name functions return NULL, vram_model_name
 * ""), never by crashing; a valid call beside each shows the refusal is the
 * NULL's doing. */
static void test_api_every_function_refuses_null(void **state)
{
    (void)state;
    const vt_kv kv[] = {{VRAM_MODEL_NUM_LAYERS, 2}, {VRAM_MODEL_HIDDEN_SIZE, 256},
                        {VRAM_MODEL_NUM_HEADS, 4}, {VRAM_MODEL_INTERMEDIATE_SIZE, 512},
                        {VRAM_MODEL_VOCAB_SIZE, 1000}, {0, 0}};
    vram_model *m = vt_model(kv), *mo = NULL;
    vram_config *c = NULL, *co = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    uint64_t u = 0, u2 = 0, u3 = 0;
    double d = 0;
    int flag = 0;
    const char *str = NULL;
    uint32_t idx = 0;
    vram_model_key mk;
    vram_config_key ck;
    vram_quant q;
    vram_kind kind;
    vram_value_type vt;
    const uint64_t B = UINT64_C(1) << 40;
#define NUL(call) assert_status(call, VRAM_E_INVALID_ARG)
    /* models */
    NUL(vram_model_clone(m, NULL));
    NUL(vram_model_get_u64(NULL, VRAM_MODEL_HIDDEN_SIZE, &u));
    NUL(vram_model_set_str(m, VRAM_MODEL_NORM_KIND, NULL));
    NUL(vram_model_set_str(NULL, VRAM_MODEL_NORM_KIND, "rms"));
    NUL(vram_model_set_layer_u64(NULL, 0, VRAM_LAYER_ATTENTION, 1));
    NUL(vram_model_get_layer_u64(m, 0, VRAM_LAYER_ATTENTION, NULL));
    NUL(vram_model_set_name(m, NULL));
    NUL(vram_model_validate(NULL));
    assert_string_equal(vram_model_name(NULL), "");
    NUL(vram_model_key_from_name(NULL, &mk));
    NUL(vram_model_key_from_name("hidden_size", NULL));
    /* model sources */
    NUL(vram_model_from_preset(NULL, &mo));
    NUL(vram_model_from_preset("gpt2", NULL));
    NUL(vram_model_from_hf_config(NULL, 2, &mo));
    NUL(vram_model_from_hf_config("{}", 2, NULL));
    NUL(vram_model_from_hf_config_file(NULL, &mo));
    NUL(vram_model_from_gguf_file(NULL, &mo));
    NUL(vram_model_from_gguf_buffer(NULL, 16, &mo));
    NUL(vram_model_from_gguf_buffer("GGUF", 4, NULL));
    NUL(vram_model_from_safetensors_file(NULL, &mo));
    NUL(vram_model_from_safetensors_buffer(NULL, 16, &mo));
    NUL(vram_model_from_safetensors_buffer("x", 1, NULL));
    NUL(vram_model_from_param_count(7e9, NULL));
    assert_null(mo);
    assert_ok(vram_model_from_param_count(7e9, &mo));
    vram_model_destroy(mo);
    /* configs */
    NUL(vram_config_clone(NULL, &co));
    NUL(vram_config_clone(c, NULL));
    NUL(vram_config_get_u64(c, VRAM_CFG_SEQ_LEN, NULL));
    NUL(vram_config_set_f64(NULL, VRAM_CFG_GPU_MEMORY_UTILIZATION, 0.5));
    NUL(vram_config_get_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, NULL));
    NUL(vram_config_set_str(c, VRAM_CFG_DTYPE, NULL));
    NUL(vram_config_unset(NULL, VRAM_CFG_SEQ_LEN));
    NUL(vram_config_is_set(c, VRAM_CFG_SEQ_LEN, NULL));
    NUL(vram_config_key_from_name(NULL, &ck));
    /* its outputs are optional (documented "may be NULL") */
    assert_ok(vram_config_key_bounds(VRAM_CFG_SEQ_LEN, NULL, NULL, NULL));
    assert_ok(vram_config_key_bounds(VRAM_CFG_SEQ_LEN, &vt, &d, &d));
    /* estimates and results */
    NUL(vram_estimate(m, c, VRAM_MODE_INFERENCE, NULL));
    NUL(vram_estimate_lora(NULL, c, r));
    NUL(vram_estimate_qlora(m, NULL, r));
    assert_ok(vram_estimate(m, c, VRAM_MODE_INFERENCE, r));
    NUL(vram_result_bytes(r, 0, VRAM_PART_TOTAL, NULL));
    NUL(vram_result_bytes(NULL, 0, VRAM_PART_TOTAL, &u));
    NUL(vram_result_band(NULL, 0, VRAM_PART_TOTAL, &u, &u2));
    NUL(vram_result_kind(r, VRAM_PART_WEIGHTS, NULL));
    NUL(vram_result_get_u64(r, VRAM_RES_NUM_DEVICES, NULL));
    NUL(vram_result_get_f64(r, VRAM_RES_WEIGHT_BITS, NULL));
    NUL(vram_result_to_json(NULL, NULL, 0, &u));
    assert_ok(vram_result_kind(r, VRAM_PART_WEIGHTS, &kind));
    /* solvers: NULL handles and NULL outputs */
    NUL(vram_solve_max_batch(NULL, c, VRAM_MODE_INFERENCE, B, &u));
    NUL(vram_solve_max_batch(m, c, VRAM_MODE_INFERENCE, B, NULL));
    NUL(vram_solve_max_seq_len(m, NULL, VRAM_MODE_INFERENCE, B, &u));
    NUL(vram_solve_max_seq_len(m, c, VRAM_MODE_INFERENCE, B, NULL));
    NUL(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, B, 8, NULL, &u2, &u3));
    NUL(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, B, 8, &u, &u2, NULL));
    NUL(vram_solve_best_quant(m, c, B, NULL, &u));
    NUL(vram_solve_best_quant(NULL, c, B, &q, &u));
    NUL(vram_solve_needs_checkpointing(m, c, VRAM_MODE_LORA, B, NULL));
    NUL(vram_solve_needs_checkpointing(m, NULL, VRAM_MODE_LORA, B, &flag));
    /* max_devices is 1..65536 */
    assert_status(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, B, 0, &u, &u2, &u3), VRAM_E_RANGE);
    assert_ok(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, B, 1, &u, &u2, &u3));
    /* GPUs and the JSON API */
    NUL(vram_gpu_find(NULL, &idx));
    NUL(vram_gpu_find("H100-80GB", NULL));
    NUL(vram_gpu_get_str(0, VRAM_GPU_NAME, NULL));
    NUL(vram_gpu_get_u64(0, VRAM_GPU_USABLE_BYTES, NULL));
    NUL(vram_gpu_get_f64(0, VRAM_GPU_PRICE_PER_HOUR, NULL));
    assert_ok(vram_gpu_get_str(0, VRAM_GPU_NAME, &str));
    char reply[256];
    NUL(vram_api_call(NULL, 10, reply, sizeof reply, NULL)); /* answered as an error object */
    assert_non_null(strstr(reply, "\"VRAM_E_INVALID_ARG\""));
#undef NUL
    /* the name functions: NULL for what they do not know */
    assert_null(vram_result_key_name((vram_result_key)9999));
    assert_string_equal(vram_result_key_name(VRAM_RES_PEAK_DEVICE_BYTES), "peak_device_bytes");
    assert_null(vram_config_key_name((vram_config_key)9999));
    assert_null(vram_model_key_name((vram_model_key)9999));
    vram_result_destroy(r);
    vram_config_destroy(c);
    vram_model_destroy(m);
}

/* A cloned config is a deep copy: the clone has the source's values, and
 * setting one does not change the other. */
static void test_api_config_clone(void **state)
{
    (void)state;
    vram_config *c = NULL, *k = NULL;
    uint64_t v = 0;
    double d = 0;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 8192));
    assert_ok(vram_config_set_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, 0.8));
    assert_ok(vram_config_clone(c, &k));
    assert_ok(vram_config_get_u64(k, VRAM_CFG_SEQ_LEN, &v));
    assert_int_equal(v, 8192);
    assert_ok(vram_config_get_f64(k, VRAM_CFG_GPU_MEMORY_UTILIZATION, &d));
    assert_true(d == 0.8);
    assert_ok(vram_config_set_u64(k, VRAM_CFG_SEQ_LEN, 1024));
    assert_ok(vram_config_get_u64(c, VRAM_CFG_SEQ_LEN, &v));
    assert_int_equal(v, 8192);
    int set = 0;
    assert_ok(vram_config_unset(c, VRAM_CFG_SEQ_LEN));
    assert_ok(vram_config_is_set(k, VRAM_CFG_SEQ_LEN, &set));
    assert_int_equal(set, 1);
    vram_config_destroy(c);
    vram_config_destroy(k);
}

/* Every config key rejects values outside its documented range with a
 * message naming the key and the value. */
static void test_api_config_ranges(void **state)
{
    (void)state;
    vram_config *c = NULL;
    assert_ok(vram_config_create(&c));
    assert_status(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 0), VRAM_E_RANGE);
    assert_non_null(strstr(vram_last_error(), "seq_len"));
    assert_non_null(strstr(vram_last_error(), "got 0"));
    assert_status(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, 0), VRAM_E_RANGE);
    assert_status(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, UINT64_MAX), VRAM_E_RANGE);
    assert_status(vram_config_set_u64(c, VRAM_CFG_PP, 65), VRAM_E_RANGE);
    assert_status(vram_config_set_u64(c, VRAM_CFG_ZERO_STAGE, 4), VRAM_E_RANGE);
    assert_status(vram_config_set_u64(c, VRAM_CFG_QUANT_BITS, 5), VRAM_E_RANGE);
    assert_status(vram_config_set_u64(c, VRAM_CFG_DTYPE, VRAM_DTYPE_INT4), VRAM_E_RANGE);
    assert_status(vram_config_set_u64(c, VRAM_CFG_ENGINE, 7), VRAM_E_RANGE);
    assert_status(vram_config_set_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, NAN), VRAM_E_RANGE);
    assert_non_null(strstr(vram_last_error(), "NaN"));
    assert_status(vram_config_set_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, INFINITY), VRAM_E_RANGE);
    assert_status(vram_config_set_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, 0.0), VRAM_E_RANGE);
    assert_status(vram_config_set_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, 1.01), VRAM_E_RANGE);
    assert_status(vram_config_set_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, -0.5), VRAM_E_RANGE);
    assert_ok(vram_config_set_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, 1.0));
    /* wrong-typed accessors and unknown keys */
    assert_status(vram_config_set_u64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, 1), VRAM_E_TYPE);
    assert_status(vram_config_set_f64(c, VRAM_CFG_SEQ_LEN, 1.0), VRAM_E_TYPE);
    assert_status(vram_config_set_u64(c, (vram_config_key)12345, 1), VRAM_E_UNKNOWN_KEY);
    double d;
    assert_status(vram_config_get_f64(c, VRAM_CFG_SEQ_LEN, &d), VRAM_E_TYPE);
    vram_config_destroy(c);
}

static void test_api_config_defaults_and_unset(void **state)
{
    (void)state;
    vram_config *c = NULL;
    uint64_t v;
    double d;
    int set;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_config_get_u64(c, VRAM_CFG_SEQ_LEN, &v));
    assert_int_equal(v, 4096);
    assert_ok(vram_config_get_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, &d));
    assert_rel_close(d, 0.9, 1e-12);
    assert_ok(vram_config_is_set(c, VRAM_CFG_SEQ_LEN, &set));
    assert_int_equal(set, 0);
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 8192));
    assert_ok(vram_config_is_set(c, VRAM_CFG_SEQ_LEN, &set));
    assert_int_equal(set, 1);
    assert_ok(vram_config_unset(c, VRAM_CFG_SEQ_LEN));
    assert_ok(vram_config_get_u64(c, VRAM_CFG_SEQ_LEN, &v));
    assert_int_equal(v, 4096);
    vram_config_destroy(c);
}

/* Text setters: enum names (case-insensitive), numbers, module lists. */
static void test_api_config_set_str(void **state)
{
    (void)state;
    vram_config *c = NULL;
    uint64_t v;
    double d;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_config_set_str(c, VRAM_CFG_DTYPE, "BFloat16"));
    assert_ok(vram_config_get_u64(c, VRAM_CFG_DTYPE, &v));
    assert_int_equal(v, VRAM_DTYPE_BF16);
    assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, "llama.cpp"));
    assert_ok(vram_config_get_u64(c, VRAM_CFG_ENGINE, &v));
    assert_int_equal(v, VRAM_ENGINE_LLAMA_CPP);
    assert_ok(vram_config_set_str(c, VRAM_CFG_SEQ_LEN, "32768"));
    assert_ok(vram_config_get_u64(c, VRAM_CFG_SEQ_LEN, &v));
    assert_int_equal(v, 32768);
    assert_ok(vram_config_set_str(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, "0.95"));
    assert_ok(vram_config_get_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, &d));
    assert_rel_close(d, 0.95, 1e-15);
    assert_status(vram_config_set_str(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, "0,95"), VRAM_E_RANGE);
    assert_status(vram_config_set_str(c, VRAM_CFG_DTYPE, "float13"), VRAM_E_UNKNOWN_KEY);
    assert_non_null(strstr(vram_last_error(), "float13"));
    assert_status(vram_config_set_str(c, VRAM_CFG_SEQ_LEN, "-5"), VRAM_E_RANGE);
    assert_ok(vram_config_set_str(c, VRAM_CFG_LORA_TARGETS, "q_proj, k_proj,v_proj"));
    assert_ok(vram_config_get_u64(c, VRAM_CFG_LORA_TARGETS, &v));
    assert_int_equal(v, VRAM_MODULE_BIT(VRAM_MODULE_Q_PROJ) | VRAM_MODULE_BIT(VRAM_MODULE_K_PROJ) |
                            VRAM_MODULE_BIT(VRAM_MODULE_V_PROJ));
    assert_status(vram_config_set_str(c, VRAM_CFG_LORA_TARGETS, "q_proj,qq_proj"), VRAM_E_UNKNOWN_KEY);
    assert_non_null(strstr(vram_last_error(), "qq_proj"));
    assert_ok(vram_config_set_str(c, VRAM_CFG_LORA_TARGETS, "all-linear"));
    assert_ok(vram_config_get_u64(c, VRAM_CFG_LORA_ALL_LINEAR, &v));
    assert_int_equal(v, 1);
    vram_config_key k;
    assert_ok(vram_config_key_from_name("gpu_memory_utilization", &k));
    assert_int_equal(k, VRAM_CFG_GPU_MEMORY_UTILIZATION);
    assert_string_equal(vram_config_key_name(VRAM_CFG_TP), "tensor_parallel_size");
    assert_string_equal(vram_config_enum_name(VRAM_CFG_OPTIMIZER, VRAM_OPT_PAGED_ADAMW_8BIT),
                        "paged_adamw_8bit");
    assert_null(vram_config_enum_name(VRAM_CFG_SEQ_LEN, 1));
    vram_config_destroy(c);
}

static void test_api_model_keys(void **state)
{
    (void)state;
    vram_model *m = NULL;
    uint64_t v;
    assert_ok(vram_model_create(&m));
    assert_status(vram_model_set_u64(m, VRAM_MODEL_NUM_LAYERS, 0), VRAM_E_RANGE);
    assert_status(vram_model_set_u64(m, VRAM_MODEL_NUM_LAYERS, 1025), VRAM_E_RANGE);
    assert_non_null(strstr(vram_last_error(), "num_layers"));
    assert_status(vram_model_set_u64(m, VRAM_MODEL_PARAMS_TOTAL, 5), VRAM_E_READ_ONLY);
    assert_status(vram_model_set_u64(m, (vram_model_key)4242, 5), VRAM_E_UNKNOWN_KEY);
    assert_status(vram_model_set_u64(m, VRAM_MODEL_FAMILY, 99), VRAM_E_RANGE);
    assert_ok(vram_model_set_str(m, VRAM_MODEL_NORM_KIND, "LayerNorm"));
    assert_ok(vram_model_get_u64(m, VRAM_MODEL_NORM_KIND, &v));
    assert_int_equal(v, VRAM_NORM_LAYER);
    assert_status(vram_model_set_str(m, VRAM_MODEL_QUANT, "auto"), VRAM_E_UNKNOWN_KEY);
    assert_status(vram_model_set_str(m, VRAM_MODEL_HIDDEN_SIZE, "big"), VRAM_E_TYPE);
    assert_status(vram_model_set_layer_u64(m, 0, VRAM_LAYER_ATTENTION, 2), VRAM_E_RANGE); /* no layers yet */
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_NUM_LAYERS, 4));
    assert_ok(vram_model_set_layer_u64(m, 3, VRAM_LAYER_ATTENTION, VRAM_LAYER_ATTN_SLIDING));
    assert_ok(vram_model_get_layer_u64(m, 3, VRAM_LAYER_ATTENTION, &v));
    assert_int_equal(v, VRAM_LAYER_ATTN_SLIDING);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 1);
    /* removing layer 3 removes its override: growing back gives the pattern */
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_NUM_LAYERS, 2));
    assert_ok(vram_model_set_u64(m, VRAM_MODEL_NUM_LAYERS, 4));
    assert_ok(vram_model_get_layer_u64(m, 3, VRAM_LAYER_ATTENTION, &v));
    assert_int_equal(v, VRAM_LAYER_ATTN_FULL);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 0);
    char longname[200];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_status(vram_model_set_name(m, longname), VRAM_E_LIMIT);
    assert_ok(vram_model_set_name(m, "meta-llama/Llama-3.1-8B"));
    assert_string_equal(vram_model_name(m), "meta-llama/Llama-3.1-8B");
    vram_model_key mk;
    assert_ok(vram_model_key_from_name("hidden_size", &mk));
    assert_int_equal(mk, VRAM_MODEL_HIDDEN_SIZE);
    assert_string_equal(vram_model_enum_name(VRAM_MODEL_QUANT, VRAM_QUANT_GPTQ), "gptq");
    vram_model *copy = NULL;
    assert_ok(vram_model_clone(m, &copy));
    assert_string_equal(vram_model_name(copy), "meta-llama/Llama-3.1-8B");
    vram_model_destroy(copy);
    vram_model_destroy(m);
}

/* Products that overflow 64 bits end in VRAM_E_OVERFLOW, never in a wrapped
 * number: 2^24 sequences x 2^32 tokens x 131,072 bytes per token. */
static void test_api_overflow(void **state)
{
    (void)state;
    const vt_kv kv[] = {{VRAM_MODEL_NUM_LAYERS, 32}, {VRAM_MODEL_HIDDEN_SIZE, 4096},
                        {VRAM_MODEL_NUM_HEADS, 32}, {VRAM_MODEL_NUM_KV_HEADS, 8},
                        {VRAM_MODEL_INTERMEDIATE_SIZE, 14336}, {VRAM_MODEL_VOCAB_SIZE, 128256}, {0, 0}};
    vram_model *m = vt_model(kv);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, UINT64_C(1) << 24));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, UINT64_C(1) << 32));
    for (int mode = VRAM_MODE_INFERENCE; mode <= VRAM_MODE_QLORA; mode++)
        assert_status(vram_estimate(m, c, (vram_mode)mode, r), VRAM_E_OVERFLOW);
    uint64_t v;
    assert_status(vram_result_bytes(r, 0, VRAM_PART_TOTAL, &v), VRAM_E_RANGE);
    /* a huge but representable workload is fine */
    assert_ok(vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, 1024));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 1048576));
    assert_ok(vram_estimate_inference(m, c, r));
    /* 2^10 sequences x 2^20 tokens x 131,072 (2^17) B = 2^47 bytes of KV */
    assert_int_equal(vt_part(r, 0, VRAM_PART_KV_CACHE), UINT64_C(1) << 47);
    assert_status(vram_estimate(m, c, (vram_mode)9, r), VRAM_E_UNKNOWN_KEY);
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

/* Results: parts sum to the total, bands bracket the value, unknown parts
 * and devices are rejected, the JSON rendering reports what it needs. */
static void test_api_result_access(void **state)
{
    (void)state;
    const vt_kv kv[] = {{VRAM_MODEL_NUM_LAYERS, 32}, {VRAM_MODEL_HIDDEN_SIZE, 4096},
                        {VRAM_MODEL_NUM_HEADS, 32}, {VRAM_MODEL_NUM_KV_HEADS, 8},
                        {VRAM_MODEL_INTERMEDIATE_SIZE, 14336}, {VRAM_MODEL_VOCAB_SIZE, 128256}, {0, 0}};
    vram_model *m = vt_model(kv);
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_estimate_inference(m, c, r));
    uint64_t sum = 0, v, lo, hi;
    for (int p = 1; p <= VRAM_PART_WEIGHT_COPIES; p++) {
        assert_ok(vram_result_bytes(r, 0, (vram_part)p, &v));
        assert_ok(vram_result_band(r, 0, (vram_part)p, &lo, &hi));
        assert_true(lo <= v && v <= hi);
        sum += v;
    }
    assert_int_equal(sum, vt_part(r, 0, VRAM_PART_TOTAL));
    assert_status(vram_result_bytes(r, 1, VRAM_PART_TOTAL, &v), VRAM_E_RANGE);
    assert_status(vram_result_bytes(r, 0, (vram_part)17, &v), VRAM_E_UNKNOWN_KEY);
    assert_status(vram_result_get_u64(r, VRAM_RES_VLLM_MAX_CONCURRENCY, &v), VRAM_E_TYPE);
    double d;
    assert_status(vram_result_get_f64(r, VRAM_RES_NUM_DEVICES, &d), VRAM_E_TYPE);
    assert_status(vram_result_get_u64(r, (vram_result_key)77, &v), VRAM_E_UNKNOWN_KEY);
    vram_kind kind;
    assert_ok(vram_result_kind(r, VRAM_PART_WEIGHTS, &kind));
    assert_int_equal(kind, VRAM_KIND_EXACT);
    assert_ok(vram_result_kind(r, VRAM_PART_ACTIVATIONS, &kind));
    assert_int_equal(kind, VRAM_KIND_MODELLED);
    assert_ok(vram_result_kind(r, VRAM_PART_CUDA_CONTEXT, &kind));
    assert_int_equal(kind, VRAM_KIND_EMPIRICAL);
    assert_ok(vram_result_kind(r, VRAM_PART_GRADIENTS, &kind));
    assert_int_equal(kind, VRAM_KIND_NONE);
    size_t need = 0;
    char small[8];
    assert_status(vram_result_to_json(r, small, sizeof small, &need), VRAM_E_BUFFER_TOO_SMALL);
    assert_true(need > sizeof small);
    assert_int_equal(small[sizeof small - 1], '\0');
    char *buf = malloc(need);
    size_t need2 = 0;
    assert_ok(vram_result_to_json(r, buf, need, &need2));
    assert_int_equal(need, need2);
    assert_int_equal(strlen(buf) + 1, need);
    assert_non_null(strstr(buf, "\"kv_cache\": 536870912")); /* 4096 tokens x 131,072 B */
    free(buf);
    assert_string_equal(vram_part_name(VRAM_PART_KV_CACHE), "kv_cache");
    assert_null(vram_part_name((vram_part)40));
    assert_non_null(vram_warning_text(VRAM_WARN_DOES_NOT_FIT));
    assert_null(vram_warning_text((vram_warning)(1u << 30)));
    /* a failed estimate leaves no estimate behind: every getter refuses */
    assert_ok(vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, 4096));
    assert_ok(vram_config_set_u64(c, VRAM_CFG_PROMPT_LEN, 8192));
    assert_status(vram_estimate_inference(m, c, r), VRAM_E_INCONSISTENT);
    assert_status(vram_result_kind(r, VRAM_PART_WEIGHTS, &kind), VRAM_E_RANGE);
    assert_status(vram_result_bytes(r, 0, VRAM_PART_WEIGHTS, &v), VRAM_E_RANGE);
    assert_status(vram_result_band(r, 0, VRAM_PART_WEIGHTS, &lo, &hi), VRAM_E_RANGE);
    assert_status(vram_result_get_u64(r, VRAM_RES_NUM_DEVICES, &v), VRAM_E_RANGE);
    assert_status(vram_result_get_f64(r, VRAM_RES_WEIGHT_BITS, &d), VRAM_E_RANGE);
    assert_status(vram_result_to_json(r, small, sizeof small, &need), VRAM_E_RANGE);
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_version),
        cmocka_unit_test(test_api_status_strings_distinct),
        cmocka_unit_test(test_api_destroy_null_is_noop),
        cmocka_unit_test(test_api_null_arguments),
        cmocka_unit_test(test_api_every_function_refuses_null),
        cmocka_unit_test(test_api_config_clone),
        cmocka_unit_test(test_api_config_ranges),
        cmocka_unit_test(test_api_config_defaults_and_unset),
        cmocka_unit_test(test_api_config_set_str),
        cmocka_unit_test(test_api_model_keys),
        cmocka_unit_test(test_api_overflow),
        cmocka_unit_test(test_api_result_access),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
