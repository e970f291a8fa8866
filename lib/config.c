/*
 * config.c - the vram_config handle: workload keys, defaults, validation.
 *
 * Keys follow zstd's ZSTD_CCtx_setParameter() pattern: one enum, typed
 * setters, each value checked against the row of the key table below as it
 * is set (bounds as zstd's ZSTD_cParam_getBounds()). "Auto" keys are the
 * unset ones; the estimate resolves them against the model (estimate.c).
 */
#include "vram_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U16 (UINT64_C(1) << 16)
#define U20 (UINT64_C(1) << 20)
#define U24 (UINT64_C(1) << 24)
#define U32 (UINT64_C(1) << 32)
#define U40 (UINT64_C(1) << 40)
#define U50 (UINT64_C(1) << 50)

typedef struct ckey {
    vram_config_key key;
    uint8_t slot;
    uint8_t type;                 /* VRAM_TYPE_U64 / VRAM_TYPE_F64 */
    const char *name;
    uint64_t min, max, def;       /* u64 keys */
    double fmin, fmax, fdef;      /* f64 keys; fmin is exclusive when fmin_open */
    bool fmin_open;
    const vram__enum_table *en;
} ckey;

#define U(k, s, n, lo, hi, d) {k, s, VRAM_TYPE_U64, n, lo, hi, d, 0, 0, 0, false, NULL}
#define E(k, s, n, lo, hi, d, t) {k, s, VRAM_TYPE_U64, n, lo, hi, d, 0, 0, 0, false, t}
#define F(k, s, n, lo, hi, d, open) {k, s, VRAM_TYPE_F64, n, 0, 0, 0, lo, hi, d, open, NULL}

/* Every key: slot, name, range, default (0 on an "auto" key means auto). */
static const ckey ckeys[] = {
    E(VRAM_CFG_ENGINE, VRAM__C_ENGINE, "engine", 1, 3, VRAM_ENGINE_TRANSFORMERS, &vram__enum_engine),
    U(VRAM_CFG_BATCH_SIZE, VRAM__C_BATCH, "batch_size", 1, U24, 1),
    U(VRAM_CFG_SEQ_LEN, VRAM__C_SEQ_LEN, "seq_len", 1, U32, 4096),
    U(VRAM_CFG_PROMPT_LEN, VRAM__C_PROMPT_LEN, "prompt_len", 1, U32, 0),
    E(VRAM_CFG_DTYPE, VRAM__C_DTYPE, "dtype", 0, VRAM_DTYPE_BF16, VRAM_DTYPE_AUTO, &vram__enum_dtype),
    E(VRAM_CFG_KV_DTYPE, VRAM__C_KV_DTYPE, "kv_dtype", 0, VRAM_DTYPE_IQ4_NL, VRAM_DTYPE_AUTO, &vram__enum_dtype),
    E(VRAM_CFG_QUANT, VRAM__C_QUANT, "quant", 0, VRAM_QUANT_GGUF, VRAM_QUANT_AUTO, &vram__enum_quant),
    U(VRAM_CFG_QUANT_BITS, VRAM__C_QUANT_BITS, "quant_bits", 2, 8, 0),
    U(VRAM_CFG_QUANT_GROUP_SIZE, VRAM__C_QUANT_GROUP, "quant_group_size", 1, VRAM_GROUP_PER_CHANNEL, 0),
    U(VRAM_CFG_DOUBLE_QUANT, VRAM__C_DOUBLE_QUANT, "double_quant", 0, 1, 0),
    E(VRAM_CFG_GGUF_FTYPE, VRAM__C_GGUF_FTYPE, "gguf_ftype", 0, VRAM_GGUF_MXFP4_MOE, VRAM_GGUF_Q4_K_M, &vram__enum_gguf_ftype),
    E(VRAM_CFG_ATTENTION, VRAM__C_ATTENTION, "attention", 0, 3, VRAM_ATTN_AUTO, &vram__enum_attention),
    E(VRAM_CFG_LOGITS, VRAM__C_LOGITS, "logits", 1, 2, VRAM_LOGITS_LAST, &vram__enum_logits),
    E(VRAM_CFG_PRECISION, VRAM__C_PRECISION, "precision", 1, 6, VRAM_PREC_BF16_MASTER, &vram__enum_precision),
    E(VRAM_CFG_OPTIMIZER, VRAM__C_OPTIMIZER, "optimizer", 1, 9, 0, &vram__enum_optimizer),
    U(VRAM_CFG_GRADIENT_CHECKPOINTING, VRAM__C_GRAD_CKPT, "gradient_checkpointing", 0, 1, 0),
    U(VRAM_CFG_GRAD_ACCUM_STEPS, VRAM__C_GRAD_ACCUM, "grad_accum_steps", 1, U20, 1),
    U(VRAM_CFG_FP32_GRAD_BUFFER, VRAM__C_FP32_GRAD_BUFFER, "fp32_grad_buffer", 0, 1, 0),
    U(VRAM_CFG_DROPOUT, VRAM__C_DROPOUT, "dropout", 0, 1, 0),
    U(VRAM_CFG_LORA_RANK, VRAM__C_LORA_RANK, "lora_rank", 1, U16, 16),
    U(VRAM_CFG_LORA_ALPHA, VRAM__C_LORA_ALPHA, "lora_alpha", 0, U20, 32),
    U(VRAM_CFG_LORA_TARGETS, VRAM__C_LORA_TARGETS, "lora_targets", 0,
      (UINT64_C(1) << (VRAM_MODULE_SHARED_EXPERT_GATE + 1)) - 1,
      VRAM_MODULE_BIT(VRAM_MODULE_Q_PROJ) | VRAM_MODULE_BIT(VRAM_MODULE_V_PROJ)),
    U(VRAM_CFG_LORA_ALL_LINEAR, VRAM__C_LORA_ALL_LINEAR, "lora_all_linear", 0, 1, 0),
    E(VRAM_CFG_LORA_DTYPE, VRAM__C_LORA_DTYPE, "lora_dtype", 1, VRAM_DTYPE_BF16, VRAM_DTYPE_F32, &vram__enum_dtype),
    U(VRAM_CFG_DORA, VRAM__C_DORA, "dora", 0, 1, 0),
    U(VRAM_CFG_TRAINABLE_EMBEDDINGS, VRAM__C_TRAINABLE_EMB, "trainable_embeddings", 0, 1, 0),
    U(VRAM_CFG_UPCAST_NON_LINEAR, VRAM__C_UPCAST, "upcast_non_linear", 0, 1, 0),
    U(VRAM_CFG_LORA_DROPOUT, VRAM__C_LORA_DROPOUT, "lora_dropout", 0, 1, 0),
    U(VRAM_CFG_TP, VRAM__C_TP, "tensor_parallel_size", 1, 1024, 1),
    U(VRAM_CFG_PP, VRAM__C_PP, "pipeline_parallel_size", 1, VRAM__MAX_STAGES, 1),
    U(VRAM_CFG_DP, VRAM__C_DP, "data_parallel_size", 1, U20, 1),
    U(VRAM_CFG_EP, VRAM__C_EP, "expert_parallel_size", 1, U16, 1),
    U(VRAM_CFG_ZERO_STAGE, VRAM__C_ZERO, "zero_stage", 0, 3, 0),
    U(VRAM_CFG_FSDP, VRAM__C_FSDP, "fsdp", 0, 1, 0),
    U(VRAM_CFG_OFFLOAD_OPTIMIZER, VRAM__C_OFFLOAD_OPT, "offload_optimizer", 0, 1, 0),
    U(VRAM_CFG_OFFLOAD_PARAMS, VRAM__C_OFFLOAD_PARAMS, "offload_params", 0, 1, 0),
    U(VRAM_CFG_SEQUENCE_PARALLEL, VRAM__C_SEQ_PARALLEL, "sequence_parallel", 0, 1, 0),
    U(VRAM_CFG_PP_MICROBATCHES, VRAM__C_PP_MICRO, "pp_microbatches", 1, 4096, 0),
    U(VRAM_CFG_GPU, VRAM__C_GPU, "gpu", 0, 65535, 0),
    U(VRAM_CFG_GPU_MEMORY_BYTES, VRAM__C_GPU_MEM, "gpu_memory_bytes", 1, U50, 0),
    F(VRAM_CFG_GPU_MEMORY_UTILIZATION, VRAM__C_GPU_UTIL, "gpu_memory_utilization", 0.0, 1.0, 0.9, true),
    U(VRAM_CFG_MAX_NUM_BATCHED_TOKENS, VRAM__C_MAX_BATCHED, "max_num_batched_tokens", 1, U32, 0),
    U(VRAM_CFG_MAX_NUM_SEQS, VRAM__C_MAX_SEQS, "max_num_seqs", 1, U24, 0),
    U(VRAM_CFG_BLOCK_SIZE, VRAM__C_BLOCK_SIZE, "block_size", 1, U16, 16),
    U(VRAM_CFG_MAX_MODEL_LEN, VRAM__C_MAX_MODEL_LEN, "max_model_len", 1, U32, 0),
    U(VRAM_CFG_ENFORCE_EAGER, VRAM__C_ENFORCE_EAGER, "enforce_eager", 0, 1, 0),
    U(VRAM_CFG_N_CTX, VRAM__C_N_CTX, "n_ctx", 1, U32, 0),
    U(VRAM_CFG_N_BATCH, VRAM__C_N_BATCH, "n_batch", 1, U24, 2048),
    U(VRAM_CFG_N_UBATCH, VRAM__C_N_UBATCH, "n_ubatch", 1, U24, 512),
    U(VRAM_CFG_N_SEQ, VRAM__C_N_SEQ, "n_seq", 1, U16, 0),
    U(VRAM_CFG_N_GPU_LAYERS, VRAM__C_NGL, "n_gpu_layers", 0, U16, 0),
    E(VRAM_CFG_TYPE_K, VRAM__C_TYPE_K, "type_k", 0, VRAM_DTYPE_IQ4_NL, VRAM_DTYPE_AUTO, &vram__enum_dtype),
    E(VRAM_CFG_TYPE_V, VRAM__C_TYPE_V, "type_v", 0, VRAM_DTYPE_IQ4_NL, VRAM_DTYPE_AUTO, &vram__enum_dtype),
    U(VRAM_CFG_FLASH_ATTN, VRAM__C_FLASH_ATTN, "flash_attn", 0, 1, 1),
    U(VRAM_CFG_SWA_FULL, VRAM__C_SWA_FULL, "swa_full", 0, 1, 0),
    U(VRAM_CFG_KV_UNIFIED, VRAM__C_KV_UNIFIED, "kv_unified", 0, 1, 1),
    U(VRAM_CFG_CUDA_CONTEXT_BYTES, VRAM__C_CUDA_CTX, "cuda_context_bytes", 0, U40, 0),
    U(VRAM_CFG_WORKSPACE_BYTES, VRAM__C_WORKSPACE, "workspace_bytes", 0, U40, 0),
    F(VRAM_CFG_ALLOCATOR_SLACK, VRAM__C_SLACK, "allocator_slack", 0.0, 1.0, 0.0, false),
    U(VRAM_CFG_NON_TORCH_BYTES, VRAM__C_NON_TORCH, "non_torch_bytes", 0, U40, 0),
    U(VRAM_CFG_COMM_BUFFER_BYTES, VRAM__C_COMM, "comm_buffer_bytes", 0, U40, 0),
    U(VRAM_CFG_CUDA_GRAPH_BYTES, VRAM__C_CUDA_GRAPH, "cuda_graph_bytes", 0, U40, 0),
};

#define N_CKEYS (sizeof ckeys / sizeof ckeys[0])

static const ckey *find_key(vram_config_key key)
{
    for (size_t i = 0; i < N_CKEYS; i++)
        if (ckeys[i].key == key)
            return &ckeys[i];
    return NULL;
}

static void mark(vram_config *c, unsigned slot, bool on)
{
    uint64_t *w = slot < 64 ? &c->set : &c->set2;
    uint64_t bit = UINT64_C(1) << (slot % 64);
    *w = on ? (*w | bit) : (*w & ~bit);
}

static void reset_key(vram_config *c, const ckey *k)
{
    c->u[k->slot] = k->def;
    c->f[k->slot] = k->fdef;
    mark(c, k->slot, false);
}

VRAM_API vram_status vram_config_create(vram_config **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_create: out is NULL");
    *out = NULL;
    vram_config *c = calloc(1, sizeof *c);
    if (!c)
        return vram__fail(VRAM_E_NOMEM, "vram_config_create: out of memory");
    for (size_t i = 0; i < N_CKEYS; i++)
        reset_key(c, &ckeys[i]);
    *out = c;
    return VRAM_OK;
}

VRAM_API vram_status vram_config_clone(const vram_config *src, vram_config **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_clone: out is NULL");
    *out = NULL;
    if (!src)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_clone: src is NULL");
    vram_config *c = malloc(sizeof *c);
    if (!c)
        return vram__fail(VRAM_E_NOMEM, "vram_config_clone: out of memory");
    memcpy(c, src, sizeof *c);
    *out = c;
    return VRAM_OK;
}

VRAM_API void vram_config_destroy(vram_config *config)
{
    free(config);
}

/* Extra per-key checks beyond the numeric range. */
static vram_status check_value(const ckey *k, uint64_t v)
{
    if (k->en && !vram__enum_str(k->en, v))
        return vram__fail(VRAM_E_RANGE, "%s: %llu is not a valid value", k->name,
                          (unsigned long long)v);
    switch (k->key) {
    case VRAM_CFG_QUANT_BITS:
        if (v != 2 && v != 3 && v != 4 && v != 8)
            return vram__fail(VRAM_E_RANGE, "quant_bits must be 2, 3, 4 or 8, got %llu",
                              (unsigned long long)v);
        break;
    case VRAM_CFG_QUANT_GROUP_SIZE:
        if (v != VRAM_GROUP_PER_CHANNEL && v > U24)
            return vram__fail(VRAM_E_RANGE, "quant_group_size must be <= 16777216 or "
                              "VRAM_GROUP_PER_CHANNEL, got %llu", (unsigned long long)v);
        break;
    case VRAM_CFG_DTYPE:
        if (v == VRAM_DTYPE_FP8_E4M3 || v == VRAM_DTYPE_FP8_E5M2 || v == VRAM_DTYPE_INT8 ||
            v == VRAM_DTYPE_INT4)
            return vram__fail(VRAM_E_RANGE, "dtype must be float32, float16 or bfloat16 "
                              "(use quant for fp8/int weights), got %s",
                              vram__enum_str(&vram__enum_dtype, v));
        break;
    case VRAM_CFG_KV_DTYPE:
    case VRAM_CFG_TYPE_K:
    case VRAM_CFG_TYPE_V:
        if (v == VRAM_DTYPE_INT4)
            return vram__fail(VRAM_E_RANGE, "%s: int4 is not a KV cache type (use q4_0)", k->name);
        break;
    case VRAM_CFG_GPU:
        if (v > vram_gpu_count())
            return vram__fail(VRAM_E_RANGE, "gpu must be a catalog index + 1 in [0, %u], got %llu",
                              vram_gpu_count(), (unsigned long long)v);
        break;
    default:
        break;
    }
    return VRAM_OK;
}

VRAM_API vram_status vram_config_set_u64(vram_config *config, vram_config_key key, uint64_t value)
{
    if (!config)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_set_u64: config is NULL");
    const ckey *k = find_key(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown config key %d", (int)key);
    if (k->type != VRAM_TYPE_U64)
        return vram__fail(VRAM_E_TYPE, "%s holds a double; use vram_config_set_f64", k->name);
    if (value < k->min || value > k->max)
        return vram__fail(VRAM_E_RANGE, "%s must be in [%llu, %llu], got %llu", k->name,
                          (unsigned long long)k->min, (unsigned long long)k->max,
                          (unsigned long long)value);
    vram_status st = check_value(k, value);
    if (st != VRAM_OK)
        return st;
    config->u[k->slot] = value;
    mark(config, k->slot, true);
    return VRAM_OK;
}

VRAM_API vram_status vram_config_get_u64(const vram_config *config, vram_config_key key,
                                         uint64_t *out_value)
{
    if (!config || !out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_get_u64: NULL argument");
    const ckey *k = find_key(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown config key %d", (int)key);
    if (k->type != VRAM_TYPE_U64)
        return vram__fail(VRAM_E_TYPE, "%s holds a double; use vram_config_get_f64", k->name);
    *out_value = config->u[k->slot];
    return VRAM_OK;
}

VRAM_API vram_status vram_config_set_f64(vram_config *config, vram_config_key key, double value)
{
    if (!config)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_set_f64: config is NULL");
    const ckey *k = find_key(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown config key %d", (int)key);
    if (k->type != VRAM_TYPE_F64)
        return vram__fail(VRAM_E_TYPE, "%s holds an integer; use vram_config_set_u64", k->name);
    if (isnan(value) || isinf(value))
        return vram__fail(VRAM_E_RANGE, "%s must be a finite number, got %s", k->name,
                          isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"));
    if ((k->fmin_open ? value <= k->fmin : value < k->fmin) || value > k->fmax)
        return vram__fail(VRAM_E_RANGE, "%s must be in %s%g, %g], got %.17g", k->name,
                          k->fmin_open ? "(" : "[", k->fmin, k->fmax, value);
    config->f[k->slot] = value;
    mark(config, k->slot, true);
    return VRAM_OK;
}

VRAM_API vram_status vram_config_get_f64(const vram_config *config, vram_config_key key,
                                         double *out_value)
{
    if (!config || !out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_get_f64: NULL argument");
    const ckey *k = find_key(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown config key %d", (int)key);
    if (k->type != VRAM_TYPE_F64)
        return vram__fail(VRAM_E_TYPE, "%s holds an integer; use vram_config_get_u64", k->name);
    *out_value = config->f[k->slot];
    return VRAM_OK;
}

/* "q_proj, v_proj" or "all-linear" -> mask / all-linear flag. */
static vram_status set_targets(vram_config *c, const char *s)
{
    uint64_t mask = 0;
    char name[64];
    if (vram__name_eq(s, "all-linear") || vram__name_eq(s, "all_linear")) {
        c->u[VRAM__C_LORA_ALL_LINEAR] = 1;
        mark(c, VRAM__C_LORA_ALL_LINEAR, true);
        return VRAM_OK;
    }
    while (*s) {
        size_t n = 0;
        while (*s == ' ' || *s == ',')
            s++;
        if (!*s)
            break;
        while (s[n] && s[n] != ',' && s[n] != ' ')
            n++;
        if (n >= sizeof name)
            return vram__fail(VRAM_E_UNKNOWN_KEY, "lora_targets: module name too long (%zu bytes)",
                              n);
        memcpy(name, s, n);
        name[n] = '\0';
        uint64_t id;
        if (!vram__enum_lookup(&vram__enum_module, name, &id))
            return vram__fail(VRAM_E_UNKNOWN_KEY, "lora_targets: unknown module name \"%s\"", name);
        mask |= UINT64_C(1) << id;
        s += n;
    }
    if (!mask)
        return vram__fail(VRAM_E_RANGE, "lora_targets: no module names given");
    c->u[VRAM__C_LORA_TARGETS] = mask;
    mark(c, VRAM__C_LORA_TARGETS, true);
    c->u[VRAM__C_LORA_ALL_LINEAR] = 0;
    mark(c, VRAM__C_LORA_ALL_LINEAR, true);
    return VRAM_OK;
}

VRAM_API vram_status vram_config_set_str(vram_config *config, vram_config_key key, const char *value)
{
    if (!config || !value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_set_str: NULL argument");
    const ckey *k = find_key(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown config key %d", (int)key);
    uint64_t v;
    if (k->type == VRAM_TYPE_F64) {
        double d;
        bool is_int;
        size_t len = strlen(value);
        if (len == 0 || vram__parse_number(value, len, &d, &is_int) != len)
            return vram__fail(VRAM_E_RANGE, "%s must be a number, got \"%s\"", k->name, value);
        return vram_config_set_f64(config, key, d);
    }
    if (key == VRAM_CFG_LORA_TARGETS)
        return set_targets(config, value);
    if (key == VRAM_CFG_GPU) {
        uint32_t idx;
        vram_status st = vram_gpu_find(value, &idx);
        if (st != VRAM_OK)
            return st;
        return vram_config_set_u64(config, key, (uint64_t)idx + 1);
    }
    if (vram__parse_u64(value, &v))
        return vram_config_set_u64(config, key, v);
    if (!k->en)
        return vram__fail(VRAM_E_RANGE, "%s must be a non-negative integer, got \"%s\"", k->name,
                          value);
    if (!vram__enum_lookup(k->en, value, &v))
        return vram__fail(VRAM_E_UNKNOWN_KEY, "%s: unknown value \"%s\"", k->name, value);
    return vram_config_set_u64(config, key, v);
}

VRAM_API vram_status vram_config_unset(vram_config *config, vram_config_key key)
{
    if (!config)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_unset: config is NULL");
    const ckey *k = find_key(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown config key %d", (int)key);
    reset_key(config, k);
    return VRAM_OK;
}

VRAM_API vram_status vram_config_is_set(const vram_config *config, vram_config_key key,
                                        int *out_is_set)
{
    if (!config || !out_is_set)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_is_set: NULL argument");
    const ckey *k = find_key(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown config key %d", (int)key);
    *out_is_set = vram__cfg_isset(config, k->slot);
    return VRAM_OK;
}

VRAM_API vram_status vram_config_key_from_name(const char *name, vram_config_key *out_key)
{
    if (!name || !out_key)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_config_key_from_name: NULL argument");
    for (size_t i = 0; i < N_CKEYS; i++)
        if (vram__name_eq(ckeys[i].name, name))
            return *out_key = ckeys[i].key, VRAM_OK;
    return vram__fail(VRAM_E_NOT_FOUND, "unknown config key name \"%s\"", name);
}

VRAM_API const char *vram_config_key_name(vram_config_key key)
{
    const ckey *k = find_key(key);
    return k ? k->name : NULL;
}

VRAM_API vram_status vram_config_key_bounds(vram_config_key key, vram_value_type *out_type,
                                            double *out_min, double *out_max)
{
    const ckey *k = find_key(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown config key %d", (int)key);
    if (out_type)
        *out_type = (vram_value_type)k->type;
    if (out_min)
        *out_min = k->type == VRAM_TYPE_F64 ? k->fmin : (double)k->min;
    if (out_max) /* a GPU index + 1 ends where the catalog does */
        *out_max = k->type == VRAM_TYPE_F64 ? k->fmax
                   : key == VRAM_CFG_GPU   ? (double)vram_gpu_count() : (double)k->max;
    return VRAM_OK;
}
