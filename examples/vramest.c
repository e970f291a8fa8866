/*
 * vramest - the command-line tool over libvramest's C API.
 *
 *   vramest estimate [options]   one estimate: a table of parts, or --json
 *   vramest fit [options]        which catalog GPUs hold the workload, how many, at what cost
 *   vramest models               the known architectures, one per line
 *   vramest gpus                 the GPU catalog, one GPU per line
 *   vramest api                  a JSON request on stdin, the response on stdout
 *
 * Every option maps to a config key (vram_config_set_str), so names follow
 * vLLM's and transformers' flags; errors name the flag and the value. Exit
 * status: 0 success, 1 a library error, 2 a usage or request error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <vramest.h>

#define GIB 1073741824.0

typedef struct opt {
    const char *flag;          /* long option */
    const char *key;           /* config key name, or NULL for the model sources */
    int boolean;               /* takes no value ("1") */
    const char *help;
} opt;

/* Options of estimate and fit. */
static const opt options[] = {
    {"--model", NULL, 0, "known architecture: Hugging Face id or alias (vramest models)"},
    {"--config", NULL, 0, "a Hugging Face config.json"},
    {"--gguf", NULL, 0, "a GGUF file (header only is read)"},
    {"--safetensors", NULL, 0, "a .safetensors file or model.safetensors.index.json"},
    {"--params", NULL, 0, "parameter count in billions (architecture estimated)"},
    {"--mode", NULL, 0, "inference (default), full_ft, lora, qlora"},
    {"--engine", "engine", 0, "transformers (default), vllm, llama.cpp"},
    {"--dtype", "dtype", 0, "float32, float16, bfloat16 (default: the checkpoint's)"},
    {"--quantization", "quant", 0, "none, gptq, awq, nf4, fp4, int8, fp8, mxfp4, int, gguf"},
    {"--quant-bits", "quant_bits", 0, "bits of the quantized format"},
    {"--quant-group-size", "quant_group_size", 0, "values per scale"},
    {"--double-quant", "double_quant", 1, "bitsandbytes nested quantization"},
    {"--gguf-type", "gguf_ftype", 0, "GGUF preset: Q4_K_M, Q8_0, IQ4_XS ... (implies --quantization gguf)"},
    {"--kv-cache-dtype", "kv_dtype", 0, "auto, fp8, q8_0 ..."},
    {"--max-model-len", "max_model_len", 0, "vLLM's max_model_len (default: --seq-len)"},
    {"--seq-len", "seq_len", 0, "tokens per sequence (default 4096)"},
    {"--max-seq-len", "seq_len", 0, "alias of --seq-len"},
    {"--prompt-len", "prompt_len", 0, "prefill tokens (default: --seq-len)"},
    {"--batch", "batch_size", 0, "sequences per step (default 1); for vLLM the requests served at once, not --max-num-seqs (the JSON API sets both)"},
    {"--attention", "attention", 0, "eager, sdpa, flash"},
    {"--logits", "logits", 0, "last (default) or all"},
    {"--gpu", "gpu", 0, "catalog GPU (vramest gpus)"},
    {"--gpu-memory", "gpu_memory_bytes", 0, "device memory in bytes, or with a unit: 80GiB, 24GB"},
    {"--gpu-memory-utilization", "gpu_memory_utilization", 0, "vLLM's budget fraction (0.9)"},
    {"--tp", "tensor_parallel_size", 0, "tensor-parallel size"},
    {"--tensor-parallel-size", "tensor_parallel_size", 0, "alias of --tp"},
    {"--pp", "pipeline_parallel_size", 0, "pipeline-parallel size"},
    {"--pipeline-parallel-size", "pipeline_parallel_size", 0, "alias of --pp"},
    {"--dp", "data_parallel_size", 0, "data-parallel size"},
    {"--ep", "expert_parallel_size", 0, "expert-parallel size"},
    {"--max-num-batched-tokens", "max_num_batched_tokens", 0, "vLLM scheduler budget"},
    {"--max-num-seqs", "max_num_seqs", 0, "vLLM concurrent sequences"},
    {"--block-size", "block_size", 0, "vLLM KV block size"},
    {"--enforce-eager", "enforce_eager", 1, "vLLM without CUDA graphs"},
    {"--precision", "precision", 0, "fp32, amp_bf16, amp_fp16, bf16_master (default), fp16_master, bf16_pure"},
    {"--optimizer", "optimizer", 0, "adamw, adamw_8bit, paged_adamw_8bit, paged_adamw_32bit, adafactor, sgd, sgd_momentum, lion"},
    {"--gradient-checkpointing", "gradient_checkpointing", 1, "recompute each layer in backward"},
    {"--grad-accum", "grad_accum_steps", 0, "gradient accumulation steps"},
    {"--lora-rank", "lora_rank", 0, "LoRA rank (16)"},
    {"--lora-targets", "lora_targets", 0, "q_proj,v_proj (default) or all-linear"},
    {"--lora-dtype", "lora_dtype", 0, "adapter dtype (float32)"},
    {"--lora-dropout", "lora_dropout", 1, "lora_dropout > 0"},
    {"--dora", "dora", 1, "DoRA magnitude vectors"},
    {"--trainable-embeddings", "trainable_embeddings", 1, "train embeddings and LM head too"},
    {"--upcast-non-linear", "upcast_non_linear", 1, "QLoRA: fp32 norms and embeddings"},
    {"--zero-stage", "zero_stage", 0, "DeepSpeed ZeRO stage 0-3"},
    {"--fsdp", "fsdp", 1, "FSDP full shard"},
    {"--offload-optimizer", "offload_optimizer", 1, "optimizer states in host memory"},
    {"--offload-params", "offload_params", 1, "ZeRO-3 parameters in host memory"},
    {"--n-ctx", "n_ctx", 0, "llama.cpp context cells"},
    {"--n-batch", "n_batch", 0, "llama.cpp logical batch"},
    {"--n-ubatch", "n_ubatch", 0, "llama.cpp physical batch"},
    {"--n-seq", "n_seq", 0, "llama.cpp parallel sequences"},
    {"--n-gpu-layers", "n_gpu_layers", 0, "llama.cpp layers on the GPU"},
    {"--type-k", "type_k", 0, "llama.cpp K cache type"},
    {"--type-v", "type_v", 0, "llama.cpp V cache type"},
    {"--flash-attn", "flash_attn", 0, "llama.cpp flash attention: 1 or 0"},
};

#define N_OPTIONS (sizeof options / sizeof options[0])

typedef struct args {
    const char *model, *config_path, *gguf, *safetensors, *params, *mode;
    int json;
    int gib;                   /* print GiB (default) or GB */
    vram_config *config;
} args;

static void usage_options(FILE *f)
{
    fprintf(f, "options:\n");
    for (size_t i = 0; i < N_OPTIONS; i++)
        fprintf(f, "  %-26s %s%s\n", options[i].flag, options[i].boolean ? "" : "<value>  ",
                options[i].help);
    fprintf(f, "  %-26s %s\n", "--set KEY=VALUE", "any config key by name (vram_config_key_from_name)");
    fprintf(f, "  %-26s %s\n", "--json", "print the result as JSON");
    fprintf(f, "  %-26s %s\n", "--units GiB|GB", "units of the table (GiB = 2^30 bytes, GB = 10^9)");
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: vramest <command> [options]\n\n"
            "commands:\n"
            "  estimate   memory of one workload, part by part and per device\n"
            "  fit        which catalog GPUs hold the workload, how many, at what cost\n"
            "  models     the known architectures, one per line\n"
            "  gpus       the GPU catalog, one GPU per line\n"
            "  api        a JSON request on stdin, the response on stdout (doc/api-json.md)\n\n"
            "vramest <command> --help shows the command's options. vramest --version.\n");
}

static int fail(const char *what, const char *value)
{
    fprintf(stderr, "vramest: %s%s%s: %s\n", what, value ? " " : "", value ? value : "",
            vram_last_error());
    return 2;
}

/* "80GiB", "24GB", "512MiB" or plain bytes -> bytes as text. */
static int parse_memory(const char *s, char *out, size_t cap)
{
    char *end;
    double v = strtod(s, &end); /* the tool runs in the C locale */
    double mult = 1;
    if (end == s || !(v > 0)) /* also NaN */
        return -1;
    if (!*end)
        mult = 1;
    else if (!strcasecmp(end, "GiB"))
        mult = GIB;
    else if (!strcasecmp(end, "GB"))
        mult = 1e9;
    else if (!strcasecmp(end, "MiB"))
        mult = 1048576.0;
    else if (!strcasecmp(end, "MB"))
        mult = 1e6;
    else if (!strcasecmp(end, "TiB"))
        mult = GIB * 1024;
    else
        return -1;
    double b = v * mult;
    if (!(b < 1.8e19)) /* also infinity */
        return -1;
    snprintf(out, cap, "%llu", (unsigned long long)b);
    return 0;
}

static int parse_args(int argc, char **argv, args *a)
{
    memset(a, 0, sizeof *a);
    a->gib = 1;
    if (vram_config_create(&a->config) != VRAM_OK)
        return fail("vram_config_create", NULL);
    for (int i = 0; i < argc; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "--json")) {
            a->json = 1;
            continue;
        }
        if (!strcmp(f, "--units") || !strcmp(f, "--set")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "vramest: %s needs a value\n", f);
                return 2;
            }
            const char *v = argv[++i];
            if (!strcmp(f, "--units")) {
                if (strcasecmp(v, "GiB") && strcasecmp(v, "GB")) {
                    fprintf(stderr, "vramest: --units: GiB or GB, got \"%s\"\n", v);
                    return 2;
                }
                a->gib = !strcasecmp(v, "GiB");
                continue;
            }
            char key[64];
            const char *eq = strchr(v, '=');
            vram_config_key k;
            if (!eq || (size_t)(eq - v) >= sizeof key) {
                fprintf(stderr, "vramest: --set: KEY=VALUE, got \"%s\"\n", v);
                return 2;
            }
            memcpy(key, v, (size_t)(eq - v));
            key[eq - v] = '\0';
            if (vram_config_key_from_name(key, &k) != VRAM_OK ||
                vram_config_set_str(a->config, k, eq + 1) != VRAM_OK)
                return fail("--set", v);
            continue;
        }
        size_t j;
        for (j = 0; j < N_OPTIONS; j++)
            if (!strcmp(options[j].flag, f))
                break;
        if (j == N_OPTIONS) {
            fprintf(stderr, "vramest: unknown option \"%s\" (see --help)\n", f);
            return 2;
        }
        const opt *o = &options[j];
        const char *v = "1";
        if (!o->boolean) {
            if (i + 1 >= argc) {
                fprintf(stderr, "vramest: %s needs a value\n", f);
                return 2;
            }
            v = argv[++i];
        }
        if (!o->key) {
            const char **slot = !strcmp(f, "--model") ? &a->model
                                : !strcmp(f, "--config") ? &a->config_path
                                : !strcmp(f, "--gguf") ? &a->gguf
                                : !strcmp(f, "--safetensors") ? &a->safetensors
                                : !strcmp(f, "--params") ? &a->params : &a->mode;
            if (*slot) {
                fprintf(stderr, "vramest: %s given twice (\"%s\", then \"%s\")\n", f, *slot, v);
                return 2;
            }
            *slot = v;
            continue;
        }
        char mem[32];
        if (!strcmp(o->key, "gpu_memory_bytes")) {
            if (parse_memory(v, mem, sizeof mem) != 0) {
                fprintf(stderr, "vramest: --gpu-memory: a size like 80GiB or 24000000000, got \"%s\"\n", v);
                return 2;
            }
            v = mem;
        }
        vram_config_key k;
        if (vram_config_key_from_name(o->key, &k) != VRAM_OK ||
            vram_config_set_str(a->config, k, v) != VRAM_OK)
            return fail(f, v);
        if (!strcmp(o->key, "gguf_ftype"))
            vram_config_set_u64(a->config, VRAM_CFG_QUANT, VRAM_QUANT_GGUF);
    }
    return 0;
}

static int load_model(const args *a, vram_model **m)
{
    int sources = !!a->model + !!a->config_path + !!a->gguf + !!a->safetensors + !!a->params;
    if (sources == 0) {
        fprintf(stderr, "vramest: name a model: --model, --config, --gguf, --safetensors or --params\n");
        return 2;
    }
    if (sources > 1) {
        fprintf(stderr, "vramest: give only one of --model, --config, --gguf, --safetensors, --params\n");
        return 2;
    }
    vram_status st;
    if (a->model)
        st = vram_model_from_preset(a->model, m);
    else if (a->config_path)
        st = vram_model_from_hf_config_file(a->config_path, m);
    else if (a->gguf)
        st = vram_model_from_gguf_file(a->gguf, m);
    else if (a->safetensors)
        st = vram_model_from_safetensors_file(a->safetensors, m);
    else {
        char *end;
        double b = strtod(a->params, &end);
        if (*end || end == a->params || !(b > 0) || b > 1e6) {
            fprintf(stderr, "vramest: --params: a positive number of billions (e.g. 7 or 0.5), "
                    "got \"%s\"\n", a->params);
            return 2;
        }
        st = vram_model_from_param_count(b * 1e9, m);
    }
    if (st == VRAM_E_NOT_FOUND && a->model) {
        /* the library's message speaks C; say it in the tool's words */
        fprintf(stderr, "vramest: --model %s: %s\n  `vramest models` lists the known names; "
                "otherwise give --config config.json, --gguf FILE, --safetensors FILE or "
                "--params BILLIONS\n", a->model,
                strstr(vram_last_error(), "closed model") ? "a closed model: its architecture is "
                "not public" : "not in the catalog");
        return 2;
    }
    if (st != VRAM_OK)
        return fail(a->model ? "--model" : a->config_path ? "--config" : a->gguf ? "--gguf"
                    : a->safetensors ? "--safetensors" : "--params",
                    a->model ? a->model : a->config_path ? a->config_path : a->gguf ? a->gguf
                    : a->safetensors ? a->safetensors : a->params);
    return 0;
}

static int get_mode(const args *a, vram_mode *mode)
{
    *mode = VRAM_MODE_INFERENCE;
    if (!a->mode)
        return 0;
    static const char *const names[] = {"inference", "full_ft", "lora", "qlora"};
    for (int i = 0; i < 4; i++)
        if (!strcasecmp(a->mode, names[i])) {
            *mode = (vram_mode)(i + 1);
            return 0;
        }
    fprintf(stderr, "vramest: --mode: inference, full_ft, lora or qlora, got \"%s\"\n", a->mode);
    return 2;
}

static double units(const args *a, uint64_t b)
{
    return a->gib ? (double)b / GIB : (double)b / 1e9;
}

static const char *const kind_names[] = {"-", "exact", "modelled", "empirical"};

static void print_table(const args *a, const vram_model *m, const vram_result *r)
{
    uint64_t ndev = 0, v, peak = 0, host = 0, warn = 0;
    const char *u = a->gib ? "GiB" : "GB";
    vram_result_get_u64(r, VRAM_RES_NUM_DEVICES, &ndev);
    vram_result_get_u64(r, VRAM_RES_PEAK_DEVICE_BYTES, &peak);
    vram_result_get_u64(r, VRAM_RES_HOST_BYTES, &host);
    vram_result_get_u64(r, VRAM_RES_WARNINGS, &warn);
    uint64_t pt = 0, pa = 0, ptr = 0;
    vram_result_get_u64(r, VRAM_RES_PARAMS_TOTAL, &pt);
    vram_result_get_u64(r, VRAM_RES_PARAMS_ACTIVE, &pa);
    vram_result_get_u64(r, VRAM_RES_PARAMS_TRAINABLE, &ptr);
    printf("model %s: %llu parameters (%llu active per token", vram_model_name(m)[0] ?
           vram_model_name(m) : "(unnamed)", (unsigned long long)pt, (unsigned long long)pa);
    if (ptr)
        printf(", %llu trainable", (unsigned long long)ptr);
    printf(")\n");
    /* devices alike (same stage) print once */
    for (uint64_t d = 0; d < ndev; d++) {
        uint64_t total_d, prev = 0;
        vram_result_bytes(r, (uint32_t)d, VRAM_PART_TOTAL, &total_d);
        if (d > 0) {
            /* print a device only when it differs from the one before */
            int same = 1;
            for (int p = 0; p <= VRAM_PART_WEIGHT_COPIES && same; p++) {
                vram_result_bytes(r, (uint32_t)d, (vram_part)p, &v);
                vram_result_bytes(r, (uint32_t)(d - 1), (vram_part)p, &prev);
                same = v == prev;
            }
            if (same)
                continue;
        }
        printf("\ndevice %llu%s\n", (unsigned long long)d, ndev > 1 ? " (and the devices alike after it)" : "");
        printf("  %-18s %-10s %14s %10s   %s\n", "part", "kind", "bytes", u, "band (low - high)");
        for (int p = 1; p <= VRAM_PART_WEIGHT_COPIES; p++) {
            uint64_t lo, hi;
            vram_kind k;
            vram_result_bytes(r, (uint32_t)d, (vram_part)p, &v);
            vram_result_band(r, (uint32_t)d, (vram_part)p, &lo, &hi);
            vram_result_kind(r, (vram_part)p, &k);
            if (!v && !hi)
                continue;
            printf("  %-18s %-10s %14llu %10.3f   %.3f - %.3f\n", vram_part_name((vram_part)p),
                   kind_names[k], (unsigned long long)v, units(a, v), units(a, lo), units(a, hi));
        }
        uint64_t lo, hi;
        vram_result_band(r, (uint32_t)d, VRAM_PART_TOTAL, &lo, &hi);
        printf("  %-18s %-10s %14llu %10.3f   %.3f - %.3f\n", "total", "", (unsigned long long)total_d,
               units(a, total_d), units(a, lo), units(a, hi));
    }
    printf("\npeak device: %.3f %s (%llu bytes)", units(a, peak), u, (unsigned long long)peak);
    if (host)
        printf("; host memory: %.3f %s", units(a, host), u);
    printf("\n");
    if (vram_result_get_u64(r, VRAM_RES_VLLM_NUM_GPU_BLOCKS, &v) == VRAM_OK && v) {
        uint64_t tokens = 0, fits = 0, maxlen = 0;
        double conc = 0;
        vram_result_get_u64(r, VRAM_RES_VLLM_KV_CACHE_TOKENS, &tokens);
        vram_result_get_f64(r, VRAM_RES_VLLM_MAX_CONCURRENCY, &conc);
        vram_result_get_u64(r, VRAM_RES_VLLM_FITS, &fits);
        vram_result_get_u64(r, VRAM_RES_VLLM_MAX_MODEL_LEN_THAT_FITS, &maxlen);
        printf("vLLM: %llu KV blocks, %llu tokens, max concurrency %.2fx%s\n",
               (unsigned long long)v, (unsigned long long)tokens, conc,
               fits ? "" : "; one request of max_model_len does NOT fit");
        if (!fits)
            printf("vLLM: the longest max_model_len that fits is %llu\n", (unsigned long long)maxlen);
    }
    uint64_t dev = 0, fits = 0;
    vram_result_get_u64(r, VRAM_RES_FIT_DEVICE_BYTES, &dev);
    vram_result_get_u64(r, VRAM_RES_FIT_FITS, &fits);
    if (dev)
        printf("fit: %s a device of %.3f %s\n", fits ? "fits" : "does NOT fit", units(a, dev), u);
    for (unsigned i = 0; i < 32; i++)
        if (warn >> i & 1u) {
            const char *t = vram_warning_text((vram_warning)(1u << i));
            if (t)
                printf("warning: %s\n", t);
        }
}

static int cmd_estimate(int argc, char **argv)
{
    args a;
    vram_model *m = NULL;
    vram_result *r = NULL;
    vram_mode mode;
    int rc = parse_args(argc, argv, &a);
    if (!rc)
        rc = get_mode(&a, &mode);
    if (!rc)
        rc = load_model(&a, &m);
    if (!rc && vram_result_create(&r) != VRAM_OK)
        rc = fail("vram_result_create", NULL);
    if (!rc && vram_estimate(m, a.config, mode, r) != VRAM_OK)
        rc = fail("estimate", NULL);
    if (!rc && a.json) {
        size_t need = 0;
        vram_result_to_json(r, NULL, 0, &need);
        char *buf = malloc(need);
        if (buf && vram_result_to_json(r, buf, need, NULL) == VRAM_OK)
            printf("%s\n", buf);
        else
            rc = fail("vram_result_to_json", NULL);
        free(buf);
    } else if (!rc) {
        print_table(&a, m, r);
    }
    vram_result_destroy(r);
    vram_model_destroy(m);
    vram_config_destroy(a.config);
    return rc;
}

static int cmd_fit(int argc, char **argv)
{
    args a;
    vram_model *m = NULL;
    vram_result *r = NULL;
    vram_mode mode;
    int rc = parse_args(argc, argv, &a);
    if (!rc)
        rc = get_mode(&a, &mode);
    if (!rc)
        rc = load_model(&a, &m);
    if (!rc && vram_result_create(&r) != VRAM_OK)
        rc = fail("vram_result_create", NULL);
    if (rc)
        goto done;
    /* fit chooses the layout; it answers for the GPU named, for a device of
     * the memory given, or else for every GPU of the catalog */
    int fixed_tp = 0, fixed_pp = 0, custom = 0;
    vram_config_is_set(a.config, VRAM_CFG_TP, &fixed_tp);
    vram_config_is_set(a.config, VRAM_CFG_PP, &fixed_pp);
    vram_config_is_set(a.config, VRAM_CFG_GPU_MEMORY_BYTES, &custom);
    if (fixed_tp || fixed_pp) {
        fprintf(stderr, "vramest: fit chooses --tp and --pp itself; for a layout of your own "
                "use `vramest estimate`\n");
        rc = 2;
        goto done;
    }
    uint64_t named = 0, custom_bytes = 0;
    vram_config_get_u64(a.config, VRAM_CFG_GPU, &named);
    vram_config_get_u64(a.config, VRAM_CFG_GPU_MEMORY_BYTES, &custom_bytes);
    uint32_t first = 0, last = vram_gpu_count();
    if (named) {
        first = (uint32_t)named - 1;
        last = first + 1;
    }
    if (custom && !named)
        last = 1; /* one row: the device of --gpu-memory */
    const char *u = a.gib ? "GiB" : "GB";
    if (!a.json)
        printf("%-16s %10s %9s %6s %4s %4s %10s %12s\n", "gpu", u, "peak", "gpus", "tp", "pp",
               "$/hour", "tokens/s");
    else
        printf("[");
    for (uint32_t i = first; i < last; i++) {
        const char *name = "custom";
        uint64_t usable = custom_bytes, tp = 0, pp = 0, n = 0, peak = 0;
        double price = 0, tps = 0;
        if (!custom || named) {
            vram_gpu_get_str(i, VRAM_GPU_NAME, &name);
            vram_gpu_get_f64(i, VRAM_GPU_PRICE_PER_HOUR, &price);
            vram_config_set_u64(a.config, VRAM_CFG_GPU, (uint64_t)i + 1);
            if (!custom) /* with --gpu-memory too, the named GPU has that memory */
                vram_gpu_get_u64(i, VRAM_GPU_USABLE_BYTES, &usable);
        }
        vram_status st = vram_solve_min_gpus(m, a.config, mode, usable, 64, &tp, &pp, &n);
        if (st == VRAM_OK) {
            vram_config_set_u64(a.config, VRAM_CFG_TP, tp);
            vram_config_set_u64(a.config, VRAM_CFG_PP, pp);
            if (vram_estimate(m, a.config, mode, r) == VRAM_OK) {
                vram_result_get_u64(r, VRAM_RES_PEAK_DEVICE_BYTES, &peak);
                vram_result_get_f64(r, VRAM_RES_FIT_DECODE_TOKENS_PER_S, &tps);
            }
            vram_config_unset(a.config, VRAM_CFG_TP);
            vram_config_unset(a.config, VRAM_CFG_PP);
        } else if (st == VRAM_E_UNSUPPORTED) {
            if (!a.json)
                printf("%-16s %10.2f %9s %6s   not served by this engine\n", name, units(&a, usable),
                       "-", "-");
            else
                printf("%s{\"gpu\": \"%s\", \"usable_bytes\": %llu, \"fits\": false, "
                       "\"gpus_needed\": 0, \"unsupported\": true}",
                       i > first ? ", " : "", name, (unsigned long long)usable);
            continue;
        } else if (st != VRAM_E_DOES_NOT_FIT) {
            rc = fail("fit", name);
            break;
        }
        if (a.json) {
            printf("%s{\"gpu\": \"%s\", \"usable_bytes\": %llu, \"fits\": %s, \"gpus_needed\": %llu, "
                   "\"tensor_parallel_size\": %llu, \"pipeline_parallel_size\": %llu, "
                   "\"peak_device_bytes\": %llu, \"cost_per_hour\": %.2f}",
                   i > first ? ", " : "", name, (unsigned long long)usable, n ? "true" : "false",
                   (unsigned long long)n, (unsigned long long)tp, (unsigned long long)pp,
                   (unsigned long long)peak, price * (double)n);
        } else if (n) {
            char cost[16] = "-", rate[16] = "-";
            if (price > 0)
                snprintf(cost, sizeof cost, "%.2f", price * (double)n);
            if (tps > 0) /* the decode bound: inference only */
                snprintf(rate, sizeof rate, "%.1f", tps);
            printf("%-16s %10.2f %9.2f %6llu %4llu %4llu %10s %12s\n", name, units(&a, usable),
                   units(&a, peak), (unsigned long long)n, (unsigned long long)tp,
                   (unsigned long long)pp, cost, rate);
        } else {
            printf("%-16s %10.2f %9s %6s   more than 64 devices\n", name, units(&a, usable), "-", "-");
        }
    }
    if (a.json)
        printf("]\n");
done:
    vram_result_destroy(r);
    vram_model_destroy(m);
    vram_config_destroy(a.config);
    return rc;
}

static int cmd_models(void)
{
    for (uint32_t i = 0; i < vram_preset_count(); i++) {
        const char *al = vram_preset_aliases(i);
        printf("%s%s%s\n", vram_preset_id(i), al && *al ? "  " : "", al ? al : "");
    }
    return 0;
}

static int cmd_gpus(void)
{
    printf("%-16s %-8s %-12s %12s %10s %10s %9s %8s\n", "name", "vendor", "architecture",
           "memory_MiB", "usable_GiB", "GB/s", "bf16_TF", "$/hour");
    for (uint32_t i = 0; i < vram_gpu_count(); i++) {
        const char *name, *vendor, *arch;
        uint64_t mem, usable;
        double bw, bf16, price;
        vram_gpu_get_str(i, VRAM_GPU_NAME, &name);
        vram_gpu_get_str(i, VRAM_GPU_VENDOR, &vendor);
        vram_gpu_get_str(i, VRAM_GPU_ARCHITECTURE, &arch);
        vram_gpu_get_u64(i, VRAM_GPU_MEMORY_BYTES, &mem);
        vram_gpu_get_u64(i, VRAM_GPU_USABLE_BYTES, &usable);
        vram_gpu_get_f64(i, VRAM_GPU_BANDWIDTH, &bw);
        vram_gpu_get_f64(i, VRAM_GPU_TFLOPS_BF16, &bf16);
        vram_gpu_get_f64(i, VRAM_GPU_PRICE_PER_HOUR, &price);
        printf("%-16s %-8s %-12s %12llu %10.2f %10.0f %9.1f %8.2f\n", name, vendor, arch,
               (unsigned long long)(mem >> 20), (double)usable / GIB, bw, bf16, price);
    }
    return 0;
}

static int cmd_api(void)
{
    size_t cap = 1 << 16, len = 0;
    char *in = malloc(cap);
    if (!in)
        return 1;
    /* read at most one byte past the library's 16 MiB limit: a larger
     * request still gets the library's error object */
    const size_t max = ((size_t)16 << 20) + 1;
    for (;;) {
        if (len == max)
            break;
        if (len == cap) {
            size_t nc = cap * 2 < max ? cap * 2 : max;
            char *n = realloc(in, nc);
            if (!n) {
                free(in);
                return 1;
            }
            in = n;
            cap = nc;
        }
        size_t got = fread(in + len, 1, cap - len, stdin);
        len += got;
        if (got == 0)
            break;
    }
    size_t need = 0;
    vram_status st = vram_api_call(in, len, NULL, 0, &need);
    char *out = malloc(need);
    if (out)
        st = vram_api_call(in, len, out, need, NULL);
    if (out)
        printf("%s\n", out);
    free(out);
    free(in);
    if (!out)
        return 1;
    return st == VRAM_OK ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("vramest %s (libvramest %s)\n", VRAM_VERSION_STRING, vram_version_string());
        return 0;
    }
    const char *cmd = argv[1];
    int sub_help = argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
    if (!strcmp(cmd, "estimate") || !strcmp(cmd, "fit")) {
        if (sub_help) {
            int fit = !strcmp(cmd, "fit");
            printf("usage: vramest %s (--model NAME | --config PATH | --gguf PATH | --safetensors PATH "
                   "| --params B) [options]\n\n", fit ? "fit" : "estimate");
            if (fit)
                printf("fit chooses the tensor- and pipeline-parallel layout; it answers for the\n"
                       "--gpu named, for one device of --gpu-memory, or else for every catalog GPU.\n\n");
            usage_options(stdout);
            return 0;
        }
        return !strcmp(cmd, "estimate") ? cmd_estimate(argc - 2, argv + 2) : cmd_fit(argc - 2, argv + 2);
    }
    if (!strcmp(cmd, "models") || !strcmp(cmd, "gpus") || !strcmp(cmd, "api")) {
        if (sub_help) {
            printf(!strcmp(cmd, "models") ? "usage: vramest models\n  one known architecture per line: id, then aliases\n"
                   : !strcmp(cmd, "gpus") ? "usage: vramest gpus\n  one GPU per line: name, vendor, architecture, memory, usable memory, bandwidth, BF16 TFLOPS, price\n"
                   : "usage: vramest api < request.json\n  the JSON API (doc/api-json.md): exit 0 on success, 2 on a request error\n");
            return 0;
        }
        if (argc > 2) {
            fprintf(stderr, "vramest: %s takes no options, got \"%s\"\n", cmd, argv[2]);
            return 2;
        }
        return !strcmp(cmd, "models") ? cmd_models() : !strcmp(cmd, "gpus") ? cmd_gpus() : cmd_api();
    }
    fprintf(stderr, "vramest: unknown command \"%s\"\n\n", cmd);
    usage(stderr);
    return 2;
}
