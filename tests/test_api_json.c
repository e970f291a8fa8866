/*
 * test_api_json.c - the JSON contract (doc/api-json.md) through vram_api_call.
 *
 * Responses are read back with the library's own strict JSON reader, so a
 * response that is not valid JSON fails every test. Expected figures are
 * worked by hand in the comments from the model's shapes.
 */
#include "vram_test.h"

#include "../lib/json.h"
#include "../lib/vram_private.h"

/* Call the API; returns the status and keeps the response text. */
typedef struct reply {
    vram_status st;
    char text[1 << 16];
    vram__jdoc *doc;
    const vram__jval *root;
} reply;

static reply *call(const char *request)
{
    reply *r = calloc(1, sizeof *r);
    assert_non_null(r);
    size_t needed = 0;
    r->st = vram_api_call(request, strlen(request), r->text, sizeof r->text, &needed);
    assert_true(needed > 0 && needed <= sizeof r->text);
    assert_int_equal(strlen(r->text) + 1, needed);
    if (vram__json_parse(r->text, strlen(r->text), VRAM__JSON_MAX_DOC, "response", &r->doc) != VRAM_OK)
        fail_msg("the response is not JSON (%s): %s", vram_last_error(), r->text);
    r->root = vram__json_root(r->doc);
    return r;
}

static void done(reply *r)
{
    vram__json_free(r->doc);
    free(r);
}

/* A value by dotted path ("devices.0.parts.weights"); NULL when absent. */
static const vram__jval *at(const reply *r, const char *path)
{
    const vram__jval *v = r->root;
    char part[64];
    while (*path && v) {
        size_t n = strcspn(path, ".");
        assert_true(n < sizeof part);
        memcpy(part, path, n);
        part[n] = '\0';
        path += n + (path[n] == '.');
        if (v->type == VRAM__J_ARRAY) {
            long i = strtol(part, NULL, 10);
            v = vram__json_child(r->doc, v);
            while (v && i-- > 0)
                v = vram__json_next(r->doc, v);
        } else {
            v = vram__json_member(r->doc, v, part);
        }
    }
    return v;
}

static uint64_t u64_at(const reply *r, const char *path)
{
    const vram__jval *v = at(r, path);
    if (!v)
        fail_msg("no %s in %s", path, r->text);
    uint64_t u = 0;
    assert_ok(vram__json_as_u64(r->doc, v, &u));
    return u;
}

static double f64_at(const reply *r, const char *path)
{
    const vram__jval *v = at(r, path);
    if (!v)
        fail_msg("no %s in %s", path, r->text);
    double d = 0;
    assert_ok(vram__json_as_f64(r->doc, v, &d));
    return d;
}

static const char *str_at(const reply *r, const char *path)
{
    const vram__jval *v = at(r, path);
    if (!v)
        fail_msg("no %s in %s", path, r->text);
    const char *s = NULL;
    assert_ok(vram__json_as_str(r->doc, v, &s));
    return s;
}

/* An error reply: the status, the code string and a message containing every
 * fragment given (field names and values). */
static void expect_error(const char *request, vram_status want, const char *frag1, const char *frag2)
{
    reply *r = call(request);
    if (r->st != want)
        fail_msg("%s -> %s, want %s: %s", request, vram_status_name(r->st), vram_status_name(want),
                 r->text);
    assert_int_equal(u64_at(r, "api_version"), 1);
    assert_string_equal(str_at(r, "error.code"), vram_status_name(want));
    const char *msg = str_at(r, "error.message");
    if (frag1 && !strstr(msg, frag1))
        fail_msg("message \"%s\" lacks \"%s\"", msg, frag1);
    if (frag2 && !strstr(msg, frag2))
        fail_msg("message \"%s\" lacks \"%s\"", msg, frag2);
    assert_null(at(r, "devices")); /* nothing but the error */
    done(r);
}

/* The seed calculator's example request (seed 002, "요청 예시"), verbatim. */
static const char seed_request[] =
    "{\n"
    "  \"model_name\": \"meta-llama/Llama-2-7b\",\n"
    "  \"max_seq_len\": 2048,\n"
    "  \"dtype\": \"float16\",\n"
    "  \"max_batch_size\": 32,\n"
    "  \"gpu_memory_utilization\": 0.9,\n"
    "  \"quantization\": null,\n"
    "  \"params_billions\": null,\n"
    "  \"architecture\": {\n"
    "    \"num_layers\": 32,\n"
    "    \"hidden_size\": 4096,\n"
    "    \"num_heads\": 32,\n"
    "    \"head_dim\": 128,\n"
    "    \"intermediate_size\": 11008\n"
    "  }\n"
    "}\n";

static void test_seed_request_is_accepted(void **state)
{
    (void)state;
    reply *r = call(seed_request);
    assert_status(r->st, VRAM_OK);
    /* meta-llama/Llama-2-7b is the catalog's Llama-2-7b-hf: 6,738,415,616
     * parameters, 13,476,831,232 bytes in float16, plus the rotary cos/sin
     * cache vLLM keeps (4,096 positions x 128 x 2 bytes = 1,048,576). */
    assert_string_equal(str_at(r, "model_name"), "meta-llama/Llama-2-7b");
    assert_string_equal(str_at(r, "mode"), "inference");
    assert_string_equal(str_at(r, "engine"), "vllm");
    assert_int_equal(u64_at(r, "params.total"), UINT64_C(6738415616));
    assert_int_equal(u64_at(r, "devices.0.parts.weights"), UINT64_C(13476831232) + 1048576);
    assert_rel_close(f64_at(r, "model_params_memory_gb"), 13.48, 1e-12);
    /* KV per token: 2 (K, V) x 32 layers x 32 heads x 128 x 2 bytes = 524,288.
     * The seed's PagedAttention minimum is one 16-token block per sequence:
     * 32 x 16 x 524,288 = 268,435,456 B = 0.27 GB; its maximum every
     * sequence at max_model_len 2048: 32 x 2048 x 524,288 = 34,359,738,368 B. */
    assert_int_equal(u64_at(r, "kv_bytes_per_token"), 524288);
    assert_rel_close(f64_at(r, "min_kv_cache_memory_gb"), 0.27, 1e-12);
    assert_rel_close(f64_at(r, "max_kv_cache_memory_gb"), 34.36, 1e-12);
    assert_rel_close(f64_at(r, "components_breakdown.min_kv_cache"), 0.27, 1e-12);
    /* the architecture the estimate used, in the seed's names */
    assert_int_equal(u64_at(r, "architecture_used.num_layers"), 32);
    assert_int_equal(u64_at(r, "architecture_used.hidden_size"), 4096);
    assert_int_equal(u64_at(r, "architecture_used.num_heads"), 32);
    assert_int_equal(u64_at(r, "architecture_used.head_dim"), 128);
    assert_int_equal(u64_at(r, "architecture_used.intermediate_size"), 11008);
    /* every seed field exists */
    static const char *const seed_fields[] = {
        "model_params_memory_gb", "activation_memory_gb", "min_kv_cache_memory_gb",
        "max_kv_cache_memory_gb", "cuda_overhead_gb", "total_min_memory_gb",
        "total_max_memory_gb", "recommended_memory_gb", "warning", "components_breakdown",
        "architecture_used"};
    for (size_t i = 0; i < sizeof seed_fields / sizeof seed_fields[0]; i++)
        if (!at(r, seed_fields[i]))
            fail_msg("seed field %s missing", seed_fields[i]);
    /* total_max = weights + activations + overheads + max KV (the seed's sum);
     * recommended = total_max / utilization; each rounded to 2 decimals */
    double tmax = f64_at(r, "total_max_memory_gb");
    assert_rel_close(tmax, f64_at(r, "model_params_memory_gb") + f64_at(r, "activation_memory_gb") +
                               f64_at(r, "cuda_overhead_gb") + f64_at(r, "max_kv_cache_memory_gb"),
                     0.001);
    assert_true(tmax > 13.48 + 34.36);
    assert_rel_close(f64_at(r, "recommended_memory_gb"), tmax / 0.9, 0.001);
    /* no device given: no fit, no vllm block; the seed's "warning" stays
     * null (as in the seed's example response) and "warnings" says why */
    assert_null(at(r, "fit"));
    assert_null(at(r, "vllm"));
    assert_int_equal(at(r, "warning")->type, VRAM__J_NULL);
    assert_non_null(strstr(str_at(r, "warnings.0"), "no device memory is known"));
    done(r);
}

static void test_response_members_of_the_contract(void **state)
{
    (void)state;
    reply *r = call("{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"max_seq_len\": 8192, "
                    "\"max_batch_size\": 16, \"gpu\": \"H100-80GB\"}");
    assert_status(r->st, VRAM_OK);
    static const char *const parts[] = {"weights", "quant_metadata", "kv_cache", "activations",
                                        "logits", "gradients", "optimizer_states",
                                        "master_weights", "adapter_weights", "cuda_context",
                                        "workspace", "allocator_slack", "total"};
    char path[96];
    uint64_t sum = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        snprintf(path, sizeof path, "devices.0.parts.%s", parts[i]);
        uint64_t v = u64_at(r, path);
        if (strcmp(parts[i], "total") != 0)
            sum += v;
    }
    /* the total adds every part, those beyond the contract's list too */
    sum += u64_at(r, "devices.0.parts.comm_buffers") + u64_at(r, "devices.0.parts.cuda_graphs") +
           u64_at(r, "devices.0.parts.dequant_buffer") + u64_at(r, "devices.0.parts.weight_copies");
    assert_int_equal(sum, u64_at(r, "devices.0.parts.total"));
    assert_int_equal(u64_at(r, "peak_device_bytes"), u64_at(r, "devices.0.parts.total"));
    assert_true(u64_at(r, "devices.0.band.total.0") <= u64_at(r, "devices.0.parts.total"));
    assert_true(u64_at(r, "devices.0.band.total.1") >= u64_at(r, "devices.0.parts.total"));
    assert_int_equal(u64_at(r, "host_bytes"), 0);
    assert_int_equal(u64_at(r, "params.active_per_token"), UINT64_C(8030261248));
    assert_int_equal(u64_at(r, "params.trainable"), 0);
    /* vllm: the budget is 0.9 x the H100's 81,097 MiB seen by CUDA */
    assert_int_equal(u64_at(r, "vllm.requested_bytes"),
                     (uint64_t)(0.9 * 81097.0 * 1048576.0));
    assert_true(u64_at(r, "vllm.num_gpu_blocks") > 0);
    assert_true(u64_at(r, "vllm.kv_cache_tokens") == u64_at(r, "vllm.num_gpu_blocks") * 16);
    /* full attention only: concurrency = tokens / max_model_len = blocks x 16 / 8192 */
    assert_rel_close(f64_at(r, "vllm.max_concurrency"),
                     (double)u64_at(r, "vllm.num_gpu_blocks") * 16 / 8192, 1e-6);
    assert_true(f64_at(r, "vllm.max_concurrency") > 16);
    assert_int_equal(at(r, "vllm.fits")->type, VRAM__J_TRUE);
    assert_int_equal(u64_at(r, "vllm.max_model_len_that_fits"), 8192);
    assert_string_equal(str_at(r, "fit.gpu"), "H100-80GB");
    assert_int_equal(at(r, "fit.fits")->type, VRAM__J_TRUE);
    assert_int_equal(u64_at(r, "fit.gpus_needed"), 1);
    assert_null(at(r, "llama_cpp"));
    done(r);
}

static void test_llama_cpp_and_training_members(void **state)
{
    (void)state;
    /* a GGUF preset picks the llama.cpp engine and reports its buffers */
    reply *r = call("{\"model_name\": \"Qwen/Qwen2.5-7B\", \"quantization\": \"Q4_K_M\", "
                    "\"max_seq_len\": 8192, \"max_batch_size\": 1, \"gpu\": \"RTX-4090\"}");
    assert_status(r->st, VRAM_OK);
    assert_string_equal(str_at(r, "engine"), "llama.cpp");
    assert_int_equal(u64_at(r, "llama_cpp.model_buffer_bytes"), u64_at(r, "devices.0.parts.weights"));
    /* KV: 28 layers x 8192 cells x 2 x 4 KV heads x 128 x 2 bytes (f16) */
    assert_int_equal(u64_at(r, "llama_cpp.kv_buffer_bytes"), UINT64_C(28) * 8192 * 2 * 4 * 128 * 2);
    assert_true(u64_at(r, "llama_cpp.compute_buffer_bytes") > 0);
    assert_null(at(r, "vllm"));
    done(r);

    /* training: transformers by default; trainable parameters reported */
    r = call("{\"model_name\": \"meta-llama/Llama-3.2-3B\", \"mode\": \"lora\", \"gpu\": \"A100-80GB\", "
             "\"training\": {\"lora_rank\": 8, \"lora_target_modules\": [\"q_proj\", \"v_proj\"], "
             "\"seq_len\": 1024, \"micro_batch_size\": 4, \"optimizer\": \"adamw\"}}");
    assert_status(r->st, VRAM_OK);
    assert_string_equal(str_at(r, "engine"), "transformers");
    assert_string_equal(str_at(r, "mode"), "lora");
    /* r(in + out) per module, 28 layers: q 8 x (3072 + 3072), v 8 x (3072 + 1024) */
    assert_int_equal(u64_at(r, "params.trainable"), UINT64_C(28) * (8 * 6144 + 8 * 4096));
    /* PEFT keeps the adapters in fp32 (4 B each); AdamW two fp32 states (8 B) */
    assert_int_equal(u64_at(r, "devices.0.parts.adapter_weights"), UINT64_C(2293760) * 4);
    assert_int_equal(u64_at(r, "devices.0.parts.optimizer_states"), UINT64_C(2293760) * 8);
    assert_int_equal(f64_at(r, "max_kv_cache_memory_gb"), 0);
    uint64_t total = u64_at(r, "peak_device_bytes");
    done(r);

    /* a training request's micro-batch defaults to 1, not the seed's 32
     * concurrent inference sequences */
    r = call("{\"model_name\": \"meta-llama/Llama-3.2-3B\", \"mode\": \"lora\", \"gpu\": \"A100-80GB\", "
             "\"training\": {\"lora_rank\": 8, \"lora_target_modules\": [\"q_proj\", \"v_proj\"], "
             "\"seq_len\": 1024, \"micro_batch_size\": 1, \"optimizer\": \"adamw\"}}");
    uint64_t one = u64_at(r, "peak_device_bytes");
    done(r);
    r = call("{\"model_name\": \"meta-llama/Llama-3.2-3B\", \"mode\": \"lora\", \"gpu\": \"A100-80GB\", "
             "\"training\": {\"lora_rank\": 8, \"lora_target_modules\": [\"q_proj\", \"v_proj\"], "
             "\"seq_len\": 1024, \"optimizer\": \"adamw\"}}");
    assert_int_equal(u64_at(r, "peak_device_bytes"), one);
    assert_true(one < total); /* micro-batch 4 above needs more */
    done(r);
}

static void test_model_sources_and_overrides(void **state)
{
    (void)state;
    /* hf_config wins over model_name */
    reply *r = call("{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"hf_config\": {"
                    "\"model_type\": \"llama\", \"num_hidden_layers\": 2, \"hidden_size\": 256, "
                    "\"num_attention_heads\": 4, \"num_key_value_heads\": 2, "
                    "\"intermediate_size\": 512, \"vocab_size\": 1000, "
                    "\"tie_word_embeddings\": true, \"unknown_foreign_key\": [1, 2]}}");
    assert_status(r->st, VRAM_OK);
    assert_int_equal(u64_at(r, "architecture_used.num_layers"), 2);
    /* per layer: q 256x256, k and v 256x128 each, o 256x256, MLP 3 x 256x512,
     * 2 norms of 256; embeddings 1000 x 256 (tied), final norm 256 */
    uint64_t layer = 256 * 256 * 2 + 256 * 128 * 2 + 3 * 256 * 512 + 2 * 256;
    assert_int_equal(u64_at(r, "params.total"), 2 * layer + 1000 * 256 + 256);
    done(r);

    /* architecture overrides a known model field by field */
    r = call("{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"architecture\": {\"num_layers\": 16}}");
    assert_status(r->st, VRAM_OK);
    assert_int_equal(u64_at(r, "architecture_used.num_layers"), 16);
    assert_int_equal(u64_at(r, "architecture_used.hidden_size"), 4096);
    /* 32 layers of 218,112,000 parameters each (Llama-3.1-8B): 16 fewer */
    assert_int_equal(u64_at(r, "params.total"), UINT64_C(8030261248) - UINT64_C(16) * 218112000);
    done(r);

    /* params_billions alone: an estimated architecture, with the warning */
    r = call("{\"params_billions\": 13}");
    assert_status(r->st, VRAM_OK);
    assert_int_equal(u64_at(r, "params.total"), UINT64_C(13000000000));
    assert_non_null(strstr(str_at(r, "warning"), "estimated from a parameter count"));
    done(r);

    /* an unknown name with a size in it, as the seed API guessed */
    r = call("{\"model_name\": \"acme/wonder-7b-chat\"}");
    assert_status(r->st, VRAM_OK);
    assert_int_equal(u64_at(r, "params.total"), UINT64_C(7000000000));
    done(r);
}

static void test_num_gpus_and_layout(void **state)
{
    (void)state;
    reply *r = call("{\"model_name\": \"meta-llama/Llama-3.1-70B\", \"num_gpus\": 4, "
                    "\"gpu\": \"A100-80GB\", \"max_batch_size\": 1}");
    assert_status(r->st, VRAM_OK);
    /* inference: num_gpus alone is tensor parallelism, one device entry each */
    assert_non_null(at(r, "devices.3"));
    assert_null(at(r, "devices.4"));
    done(r);
    expect_error("{\"model_name\": \"meta-llama/Llama-3.1-70B\", \"num_gpus\": 4, "
                 "\"tensor_parallel_size\": 2}", VRAM_E_INCONSISTENT, "num_gpus 4", "2");
}

static void test_request_errors_name_field_and_value(void **state)
{
    (void)state;
    /* the seed API's HTTP 400 cases */
    expect_error("{\"model_name\": \"gpt2\", \"max_seq_len\": -5}", VRAM_E_RANGE, "max_seq_len",
                 "-5");
    expect_error("{\"model_name\": \"gpt2\", \"max_seq_len\": 0}", VRAM_E_RANGE, "max_seq_len",
                 "0");
    expect_error("{\"model_name\": \"gpt2\", \"max_batch_size\": 0}", VRAM_E_RANGE,
                 "max_batch_size", "0");
    expect_error("{\"model_name\": \"gpt2\", \"gpu_memory_utilization\": 1.5}", VRAM_E_RANGE,
                 "gpu_memory_utilization", "1.5");
    expect_error("{\"model_name\": \"gpt2\", \"gpu_memory_utilization\": 0}", VRAM_E_RANGE,
                 "gpu_memory_utilization", "0");
    expect_error("{\"model_name\": \"gpt2\", \"dtype\": \"float9\"}", VRAM_E_UNKNOWN_KEY, "dtype",
                 "float9");
    expect_error("{\"model_name\": \"gpt2\", \"quantization\": \"Q3\"}", VRAM_E_UNKNOWN_KEY,
                 "quantization", "Q3");
    /* typos, types, non-numbers, overflow */
    expect_error("{\"model_name\": \"gpt2\", \"max_seq_lenn\": 5}", VRAM_E_UNKNOWN_KEY,
                 "max_seq_lenn", "not a known field");
    expect_error("{\"model_name\": \"gpt2\", \"mode\": \"lora\", \"training\": {\"lora_rnk\": 5}}",
                 VRAM_E_UNKNOWN_KEY, "training.lora_rnk", NULL);
    /* settings for another mode or engine, or given twice, are mistakes */
    expect_error("{\"model_name\": \"gpt2\", \"training\": {\"lora_rank\": 5}}",
                 VRAM_E_INCONSISTENT, "training settings", "inference");
    expect_error("{\"model_name\": \"gpt2\", \"mode\": \"lora\", \"max_seq_len\": 1024, "
                 "\"training\": {\"seq_len\": 2048}}", VRAM_E_INCONSISTENT, "max_seq_len 1024",
                 "training.seq_len 2048");
    expect_error("{\"model_name\": \"gpt2\", \"llama_cpp\": {\"n_ctx\": 4096}}", VRAM_E_INCONSISTENT,
                 "llama_cpp settings", "vllm");
    expect_error("{\"model_name\": \"gpt2\", \"architecture\": {\"num_layerz\": 5}}",
                 VRAM_E_UNKNOWN_KEY, "architecture.num_layerz", NULL);
    expect_error("{\"model_name\": \"gpt2\", \"max_seq_len\": \"2048\"}", VRAM_E_TYPE,
                 "max_seq_len", "\"2048\"");
    expect_error("{\"model_name\": \"gpt2\", \"max_seq_len\": 2048.5}", VRAM_E_TYPE,
                 "max_seq_len", "2048.5");
    expect_error("{\"model_name\": \"gpt2\", \"max_seq_len\": NaN}", VRAM_E_PARSE, "NaN", "byte");
    expect_error("{\"model_name\": \"gpt2\", \"max_seq_len\": Infinity}", VRAM_E_PARSE, "byte",
                 NULL);
    expect_error("{\"model_name\": \"gpt2\", \"max_seq_len\": 1e999}", VRAM_E_PARSE, "1e999",
                 NULL);
    expect_error("{\"model_name\": \"gpt2\", \"max_batch_size\": 18446744073709551616}",
                 VRAM_E_RANGE, "max_batch_size", "18446744073709551616");
    expect_error("{\"model_name\": \"gpt2\", \"mode\": \"full_ft\", \"training\": {\"gradient_checkpointing\": 1}}",
                 VRAM_E_TYPE, "training.gradient_checkpointing", "true or false");
    expect_error("{\"model_name\": \"gpt2\", \"mode\": \"pretrain\"}", VRAM_E_UNKNOWN_KEY, "mode",
                 "pretrain");
    expect_error("{\"model_name\": \"gpt2\", \"gpu\": \"H1000\"}", VRAM_E_NOT_FOUND, "gpu", "H1000");
    expect_error("{\"model_name\": \"gpt2\", \"api_version\": 2}", VRAM_E_UNSUPPORTED,
                 "api_version 2", NULL);
    /* malformed JSON carries the byte offset */
    expect_error("{\"model_name\": \"gpt2\",", VRAM_E_PARSE, "byte 22", NULL);
    expect_error("{\"model_name\": \"gpt2\", \"model_name\": \"gpt2\"}", VRAM_E_PARSE, "duplicate",
                 "model_name");
    expect_error("[1, 2]", VRAM_E_TYPE, "JSON object", NULL);
    expect_error("", VRAM_E_PARSE, NULL, NULL);
    /* models: closed, unknown without a size, nothing at all */
    expect_error("{\"model_name\": \"gpt-4\"}", VRAM_E_NOT_FOUND, "gpt-4", "params_billions");
    expect_error("{\"model_name\": \"acme/mystery\"}", VRAM_E_NOT_FOUND, "acme/mystery", NULL);
    expect_error("{\"max_seq_len\": 1024}", VRAM_E_INCOMPLETE, "model_name", NULL);
    /* combinations the estimate refuses */
    expect_error("{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"mode\": \"full_ft\", "
                 "\"quantization\": \"nf4\"}", VRAM_E_UNSUPPORTED, "full fine-tuning", "nf4");
    /* 2^24 sequences of 2^32 - 1 tokens of 131,072 KV bytes: about 2^73 bytes */
    expect_error("{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"max_seq_len\": 4294967295, "
                 "\"max_batch_size\": 16777216, \"engine\": \"transformers\"}",
                 VRAM_E_OVERFLOW, "overflows", NULL);
    expect_error("{\"model_name\": \"gpt2\", \"max_batch_size\": 16777217}", VRAM_E_RANGE,
                 "max_batch_size", "16777217");
}

static void test_buffer_and_arguments(void **state)
{
    (void)state;
    const char *req = "{\"model_name\": \"gpt2\"}";
    size_t needed = 0;
    /* sizing call: no buffer */
    assert_status(vram_api_call(req, strlen(req), NULL, 0, &needed), VRAM_E_BUFFER_TOO_SMALL);
    assert_true(needed > 100);
    char *buf = malloc(needed);
    assert_non_null(buf);
    /* one byte short fails and says how much is needed */
    size_t again = 0;
    assert_status(vram_api_call(req, strlen(req), buf, needed - 1, &again), VRAM_E_BUFFER_TOO_SMALL);
    assert_int_equal(again, needed);
    assert_ok(vram_api_call(req, strlen(req), buf, needed, NULL));
    assert_int_equal(strlen(buf) + 1, needed);
    /* the same request gives the same bytes */
    char *buf2 = malloc(needed);
    assert_non_null(buf2);
    assert_ok(vram_api_call(req, strlen(req), buf2, needed, NULL));
    assert_string_equal(buf, buf2);
    free(buf);
    free(buf2);
    /* a request that is not NUL-terminated: only len bytes are read */
    char raw[64];
    memcpy(raw, req, strlen(req));
    memset(raw + strlen(req), '}', sizeof raw - strlen(req));
    reply *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_ok(vram_api_call(raw, strlen(req), r->text, sizeof r->text, NULL));
    free(r);
    /* NULL request: an error object, not a crash */
    char small[512];
    assert_status(vram_api_call(NULL, 0, small, sizeof small, NULL), VRAM_E_INVALID_ARG);
    assert_non_null(strstr(small, "\"VRAM_E_INVALID_ARG\""));
    assert_status(vram_api_call(req, strlen(req), NULL, 10, NULL), VRAM_E_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_request_is_accepted),
        cmocka_unit_test(test_response_members_of_the_contract),
        cmocka_unit_test(test_llama_cpp_and_training_members),
        cmocka_unit_test(test_model_sources_and_overrides),
        cmocka_unit_test(test_num_gpus_and_layout),
        cmocka_unit_test(test_request_errors_name_field_and_value),
        cmocka_unit_test(test_buffer_and_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
