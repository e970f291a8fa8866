/*
 * result.c - vram_result: parts per device with kinds and bands, scalar
 * outputs, and their JSON rendering.
 *
 * Devices that are alike (tensor-parallel ranks, data-parallel replicas)
 * share one stored entry: a result keeps one entry per pipeline stage, and
 * device d maps to stage (d / tp) % pp. So the result has a fixed size and
 * an estimate writes only the stages it uses.
 */
#include "vram_private.h"

#include <stdlib.h>
#include <string.h>

static const char *const part_names[VRAM__NPARTS] = {
    [VRAM_PART_TOTAL] = "total",
    [VRAM_PART_WEIGHTS] = "weights",
    [VRAM_PART_QUANT_METADATA] = "quant_metadata",
    [VRAM_PART_KV_CACHE] = "kv_cache",
    [VRAM_PART_ACTIVATIONS] = "activations",
    [VRAM_PART_LOGITS] = "logits",
    [VRAM_PART_GRADIENTS] = "gradients",
    [VRAM_PART_OPTIMIZER_STATES] = "optimizer_states",
    [VRAM_PART_MASTER_WEIGHTS] = "master_weights",
    [VRAM_PART_ADAPTER_WEIGHTS] = "adapter_weights",
    [VRAM_PART_CUDA_CONTEXT] = "cuda_context",
    [VRAM_PART_WORKSPACE] = "workspace",
    [VRAM_PART_ALLOCATOR_SLACK] = "allocator_slack",
    [VRAM_PART_COMM_BUFFERS] = "comm_buffers",
    [VRAM_PART_CUDA_GRAPHS] = "cuda_graphs",
    [VRAM_PART_DEQUANT_BUFFER] = "dequant_buffer",
    [VRAM_PART_WEIGHT_COPIES] = "weight_copies",
};

static const char *const kind_names[] = {"none", "exact", "modelled", "empirical"};

/* Scalar outputs: key, storage (u: index into u[], f: index into f[]), name. */
typedef struct rkey {
    vram_result_key key;
    int8_t u, f;
    const char *name;
} rkey;

static const rkey rkeys[] = {
    {VRAM_RES_PARAMS_TOTAL, VRAM__R_PARAMS_TOTAL, -1, "params_total"},
    {VRAM_RES_PARAMS_ACTIVE, VRAM__R_PARAMS_ACTIVE, -1, "params_active"},
    {VRAM_RES_PARAMS_TRAINABLE, VRAM__R_PARAMS_TRAINABLE, -1, "params_trainable"},
    {VRAM_RES_NUM_DEVICES, -1, -1, "num_devices"},
    {VRAM_RES_PEAK_DEVICE_BYTES, -1, -1, "peak_device_bytes"},
    {VRAM_RES_PEAK_DEVICE, -1, -1, "peak_device"},
    {VRAM_RES_HOST_BYTES, VRAM__R_HOST, -1, "host_bytes"},
    {VRAM_RES_MODE, VRAM__R_MODE, -1, "mode"},
    {VRAM_RES_ENGINE, VRAM__R_ENGINE, -1, "engine"},
    {VRAM_RES_WARNINGS, VRAM__R_WARNINGS, -1, "warnings"},
    {VRAM_RES_KV_BYTES_PER_TOKEN, VRAM__R_KV_PER_TOKEN, -1, "kv_bytes_per_token"},
    {VRAM_RES_DTYPE, VRAM__R_DTYPE, -1, "dtype"},
    {VRAM_RES_KV_DTYPE, VRAM__R_KV_DTYPE, -1, "kv_dtype"},
    {VRAM_RES_QUANT, VRAM__R_QUANT, -1, "quant"},
    {VRAM_RES_BATCH_SIZE, VRAM__R_BATCH, -1, "batch_size"},
    {VRAM_RES_SEQ_LEN, VRAM__R_SEQ, -1, "seq_len"},
    {VRAM_RES_WEIGHT_BITS, -1, VRAM__RF_WEIGHT_BITS, "weight_bits"},
    {VRAM_RES_VLLM_REQUESTED_BYTES, VRAM__R_VLLM_REQUESTED, -1, "requested_bytes"},
    {VRAM_RES_VLLM_NON_KV_BYTES, VRAM__R_VLLM_NON_KV, -1, "non_kv_bytes"},
    {VRAM_RES_VLLM_AVAILABLE_KV_BYTES, VRAM__R_VLLM_AVAIL_KV, -1, "available_kv_cache_bytes"},
    {VRAM_RES_VLLM_NUM_GPU_BLOCKS, VRAM__R_VLLM_BLOCKS, -1, "num_gpu_blocks"},
    {VRAM_RES_VLLM_KV_CACHE_TOKENS, VRAM__R_VLLM_TOKENS, -1, "kv_cache_tokens"},
    {VRAM_RES_VLLM_MAX_CONCURRENCY, -1, VRAM__RF_VLLM_CONCURRENCY, "max_concurrency"},
    {VRAM_RES_VLLM_FITS, VRAM__R_VLLM_FITS, -1, "fits"},
    {VRAM_RES_VLLM_MAX_MODEL_LEN_THAT_FITS, VRAM__R_VLLM_MAX_LEN_FITS, -1, "max_model_len_that_fits"},
    {VRAM_RES_VLLM_PAGE_BYTES, VRAM__R_VLLM_PAGE, -1, "page_bytes"},
    {VRAM_RES_VLLM_MIN_KV_BYTES, VRAM__R_VLLM_MIN_KV, -1, "min_kv_cache_bytes"},
    {VRAM_RES_VLLM_MAX_KV_BYTES, VRAM__R_VLLM_MAX_KV, -1, "max_kv_cache_bytes"},
    {VRAM_RES_VLLM_RECOMMENDED_BYTES, VRAM__R_VLLM_RECOMMENDED, -1, "recommended_bytes"},
    {VRAM_RES_VLLM_MAX_NUM_BATCHED_TOKENS, VRAM__R_VLLM_BATCHED, -1, "max_num_batched_tokens"},
    {VRAM_RES_VLLM_MAX_NUM_SEQS, VRAM__R_VLLM_SEQS, -1, "max_num_seqs"},
    {VRAM_RES_LLAMA_MODEL_BUFFER_BYTES, VRAM__R_LLAMA_MODEL, -1, "model_buffer_bytes"},
    {VRAM_RES_LLAMA_KV_BUFFER_BYTES, VRAM__R_LLAMA_KV, -1, "kv_buffer_bytes"},
    {VRAM_RES_LLAMA_COMPUTE_BUFFER_BYTES, VRAM__R_LLAMA_COMPUTE, -1, "compute_buffer_bytes"},
    {VRAM_RES_LLAMA_HOST_BUFFER_BYTES, VRAM__R_LLAMA_HOST, -1, "host_buffer_bytes"},
    {VRAM_RES_LLAMA_N_CTX, VRAM__R_LLAMA_NCTX, -1, "n_ctx"},
    {VRAM_RES_FIT_DEVICE_BYTES, VRAM__R_FIT_DEVICE, -1, "device_bytes"},
    {VRAM_RES_FIT_FITS, VRAM__R_FIT_FITS, -1, "fits"},
    {VRAM_RES_FIT_GPUS_NEEDED, VRAM__R_FIT_GPUS, -1, "gpus_needed"},
    {VRAM_RES_FIT_COST_PER_HOUR, -1, VRAM__RF_COST, "cost_per_hour"},
    {VRAM_RES_FIT_DECODE_TOKENS_PER_S, -1, VRAM__RF_TOKENS_PER_S, "decode_tokens_per_s"},
};

#define N_RKEYS (sizeof rkeys / sizeof rkeys[0])

static const rkey *find_rkey(vram_result_key key)
{
    for (size_t i = 0; i < N_RKEYS; i++)
        if (rkeys[i].key == key)
            return &rkeys[i];
    return NULL;
}

static const char *const warning_texts[] = {
    "seq_len is longer than the model's max_position_embeddings",
    "the architecture was estimated from a parameter count; KV cache and activations are approximate",
    "tensor parallelism exceeds the KV heads: each device keeps a replicated KV head",
    "the peak device needs more memory than the device has",
    "a LoRA target name matches no module of this model",
    "weight bytes follow a quantization preset's tensor mix, not a file's exact tensor types",
    "the model has more than 100 billion parameters",
    "vLLM: one request of max_model_len does not fit the KV cache budget",
    "part of the model or its state lives in host memory",
    "no device memory is known, so there is no fit verdict",
    "vLLM: the KV cache holds fewer than batch_size requests of max_model_len at once",
};

VRAM_API const char *vram_warning_text(vram_warning warning)
{
    for (unsigned i = 0; i < sizeof warning_texts / sizeof warning_texts[0]; i++)
        if ((unsigned)warning == (1u << i))
            return warning_texts[i];
    return NULL;
}

VRAM_API const char *vram_part_name(vram_part part)
{
    return (unsigned)part < VRAM__NPARTS ? part_names[part] : NULL;
}

VRAM_API const char *vram_result_key_name(vram_result_key key)
{
    const rkey *k = find_rkey(key);
    return k ? k->name : NULL;
}

VRAM_API vram_status vram_result_create(vram_result **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_result_create: out is NULL");
    /* aligned as the struct asks (16 bytes: its cleared arrays), which
     * malloc does not promise everywhere */
    *out = aligned_alloc(_Alignof(vram_result), sizeof **out);
    if (!*out)
        return vram__fail(VRAM_E_NOMEM, "vram_result_create: out of memory");
    memset(*out, 0, sizeof **out);
    return VRAM_OK;
}

VRAM_API void vram_result_destroy(vram_result *result)
{
    free(result);
}

/* Clearing a result is a few hundred bytes on every estimate. Plain store
 * loops beat memset's call and `rep stos` start-up at this size, so GCC is
 * told not to turn them back into memset (clang keeps such loops). */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
static void clear_words(uint64_t *p, size_t n)
{
    size_t i = 0;
#if defined(__GNUC__)
    /* two words per store (movups); memcpy keeps the unaligned store legal */
    typedef uint64_t pair __attribute__((vector_size(16)));
    const pair zero = {0, 0};
    for (; i + 8 <= n; i += 8) { /* unrolled: a quarter of the loop overhead */
        memcpy(p + i, &zero, sizeof zero);
        memcpy(p + i + 2, &zero, sizeof zero);
        memcpy(p + i + 4, &zero, sizeof zero);
        memcpy(p + i + 6, &zero, sizeof zero);
    }
    for (; i + 2 <= n; i += 2)
        memcpy(p + i, &zero, sizeof zero);
#endif
    for (; i < n; i++)
        p[i] = 0;
}

void vram__result_begin(vram_result *r, uint32_t n_stages, uint32_t tp, uint32_t pp, uint32_t dp)
{
    r->valid = false;
    r->n_stages = n_stages;
    r->tp = tp;
    r->pp = pp;
    r->dp = dp;
    memset(r->kind, 0, sizeof r->kind);
    memset(r->f, 0, sizeof r->f);
    clear_words(r->u, VRAM__R_NU);
    _Static_assert(sizeof(vram__stage) % sizeof(uint64_t) == 0, "stages are whole words");
    clear_words((uint64_t *)(void *)r->stage, n_stages * (sizeof(vram__stage) / sizeof(uint64_t)));
}

bool vram__result_finish(vram_result *r)
{
    bool ovf = false;
    for (uint32_t s = 0; s < r->n_stages; s++) {
        vram__stage *st = &r->stage[s];
        if (!(st->any >> 57))
            continue; /* the running totals of vram__part are exact */
        st->bytes[VRAM_PART_TOTAL] = vram__sum(st->bytes + 1, VRAM__NPARTS - 1, &ovf);
        st->lo[VRAM_PART_TOTAL] = vram__sum(st->lo + 1, VRAM__NPARTS - 1, &ovf);
        st->hi[VRAM_PART_TOTAL] = vram__sum(st->hi + 1, VRAM__NPARTS - 1, &ovf);
    }
    r->kind[VRAM_PART_TOTAL] = VRAM_KIND_NONE;
    r->valid = !ovf;
    return !ovf;
}

static uint32_t num_devices(const vram_result *r)
{
    return r->tp * r->pp * r->dp;
}

static uint32_t stage_of(const vram_result *r, uint32_t device)
{
    return (device / r->tp) % r->pp;
}

static uint32_t peak_stage(const vram_result *r)
{
    uint32_t best = 0;
    for (uint32_t s = 1; s < r->n_stages; s++)
        if (r->stage[s].bytes[VRAM_PART_TOTAL] > r->stage[best].bytes[VRAM_PART_TOTAL])
            best = s;
    return best;
}

static vram_status check_access(const vram_result *r, uint32_t device, vram_part part)
{
    if (!r->valid)
        return vram__fail(VRAM_E_RANGE, "the result holds no estimate (none run, or the last failed)");
    if ((unsigned)part >= VRAM__NPARTS)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown part %d", (int)part);
    if (device >= num_devices(r))
        return vram__fail(VRAM_E_RANGE, "device must be < %u, got %u", num_devices(r), device);
    return VRAM_OK;
}

VRAM_API vram_status vram_result_bytes(const vram_result *result, uint32_t device, vram_part part,
                                       uint64_t *out_bytes)
{
    if (!result || !out_bytes)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_result_bytes: NULL argument");
    vram_status st = check_access(result, device, part);
    if (st != VRAM_OK)
        return st;
    *out_bytes = result->stage[stage_of(result, device)].bytes[part];
    return VRAM_OK;
}

VRAM_API vram_status vram_result_band(const vram_result *result, uint32_t device, vram_part part,
                                      uint64_t *out_lo, uint64_t *out_hi)
{
    if (!result)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_result_band: result is NULL");
    vram_status st = check_access(result, device, part);
    if (st != VRAM_OK)
        return st;
    const vram__stage *s = &result->stage[stage_of(result, device)];
    if (out_lo)
        *out_lo = s->lo[part];
    if (out_hi)
        *out_hi = s->hi[part];
    return VRAM_OK;
}

VRAM_API vram_status vram_result_kind(const vram_result *result, vram_part part, vram_kind *out_kind)
{
    if (!result || !out_kind)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_result_kind: NULL argument");
    if (!result->valid)
        return vram__fail(VRAM_E_RANGE, "the result holds no estimate (none run, or the last failed)");
    if ((unsigned)part >= VRAM__NPARTS)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown part %d", (int)part);
    *out_kind = (vram_kind)result->kind[part];
    return VRAM_OK;
}

VRAM_API vram_status vram_result_get_u64(const vram_result *result, vram_result_key key,
                                         uint64_t *out_value)
{
    if (!result || !out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_result_get_u64: NULL argument");
    const rkey *k = find_rkey(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown result key %d", (int)key);
    if (k->f >= 0)
        return vram__fail(VRAM_E_TYPE, "%s is a double; use vram_result_get_f64", k->name);
    if (!result->valid)
        return vram__fail(VRAM_E_RANGE, "the result holds no estimate");
    switch (key) {
    case VRAM_RES_NUM_DEVICES:
        *out_value = num_devices(result);
        break;
    case VRAM_RES_PEAK_DEVICE_BYTES:
        *out_value = result->stage[peak_stage(result)].bytes[VRAM_PART_TOTAL];
        break;
    case VRAM_RES_PEAK_DEVICE:
        *out_value = (uint64_t)peak_stage(result) * result->tp;
        break;
    default:
        *out_value = result->u[k->u];
        break;
    }
    return VRAM_OK;
}

/* The floating outputs: vLLM's concurrency as stored; the others derived
 * from the integers here, so the estimate itself does no floating-point
 * division for them. */
static double result_f64(const vram_result *r, int slot)
{
    uint32_t gpu = (uint32_t)r->u[VRAM__R_GPU_PLUS1];
    switch (slot) {
    case VRAM__RF_WEIGHT_BITS: {
        /* stored bits per parameter: all weight bytes of one tensor-parallel
         * group over the model's parameters */
        double wb = (double)r->u[VRAM__R_WEIGHT_BYTES];
        if (!r->u[VRAM__R_WEIGHT_BYTES]) {
            uint64_t sum = 0;
            for (uint32_t s = 0; s < r->n_stages; s++)
                sum += r->stage[s].bytes[VRAM_PART_WEIGHTS] + r->stage[s].bytes[VRAM_PART_QUANT_METADATA];
            wb = (double)sum * (double)r->tp;
        }
        uint64_t p = r->u[VRAM__R_PARAMS_TOTAL];
        return p ? wb * 8.0 / (double)p : 0;
    }
    case VRAM__RF_COST:
        return gpu && r->u[VRAM__R_FIT_GPUS]
                   ? (double)r->u[VRAM__R_FIT_GPUS] * vram__gpu_price(gpu - 1) : 0;
    case VRAM__RF_TOKENS_PER_S: {
        /* Decode is memory-bound: each step reads every active weight and
         * the whole KV cache once. Stages run one after another; a stage's
         * tensor-parallel ranks read their shards at the same time. */
        if (!gpu || r->u[VRAM__R_MODE] != VRAM_MODE_INFERENCE)
            return 0;
        double bw = vram__gpu_bandwidth(gpu - 1) * 1e9;
        double ratio = r->u[VRAM__R_ACTIVE_DEN]
                           ? (double)r->u[VRAM__R_ACTIVE_NUM] / (double)r->u[VRAM__R_ACTIVE_DEN] : 1.0;
        double secs = 0;
        for (uint32_t s = 0; s < r->n_stages; s++) {
            const vram__stage *st = &r->stage[s];
            double bytes = (double)(st->bytes[VRAM_PART_WEIGHTS] + st->bytes[VRAM_PART_QUANT_METADATA]) *
                               ratio + (double)st->bytes[VRAM_PART_KV_CACHE];
            secs += bytes / bw;
        }
        return secs > 0 ? (double)r->u[VRAM__R_BATCH] / secs : 0;
    }
    default:
        return r->f[slot];
    }
}

VRAM_API vram_status vram_result_get_f64(const vram_result *result, vram_result_key key,
                                         double *out_value)
{
    if (!result || !out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_result_get_f64: NULL argument");
    const rkey *k = find_rkey(key);
    if (!k)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown result key %d", (int)key);
    if (k->f < 0)
        return vram__fail(VRAM_E_TYPE, "%s is an integer; use vram_result_get_u64", k->name);
    if (!result->valid)
        return vram__fail(VRAM_E_RANGE, "the result holds no estimate");
    *out_value = result_f64(result, k->f);
    return VRAM_OK;
}

/* ------------------------------------------------------------------ JSON */

static void put_key(vram__buf *b, const char *k)
{
    vram__buf_json_str(b, k);
    vram__buf_put(b, ": ", 2);
}

static void put_u64_field(vram__buf *b, const char *k, uint64_t v, bool comma)
{
    put_key(b, k);
    vram__buf_u64(b, v);
    if (comma)
        vram__buf_put(b, ", ", 2);
}

static void put_scalars(vram__buf *b, const vram_result *r, const vram_result_key *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const rkey *k = find_rkey(keys[i]);
        put_key(b, k->name);
        if (k->f >= 0)
            vram__buf_fixed(b, result_f64(r, k->f), 4);
        else if (keys[i] == VRAM_RES_VLLM_FITS || keys[i] == VRAM_RES_FIT_FITS)
            vram__buf_puts(b, r->u[k->u] ? "true" : "false");
        else
            vram__buf_u64(b, r->u[k->u]);
        if (i + 1 < n)
            vram__buf_put(b, ", ", 2);
    }
}

void vram__result_json_members(const vram_result *result, vram__buf *b, bool with_fit)
{
    const vram_result *r = result;
    uint32_t peak = peak_stage(r);

    put_key(b, "mode");
    vram__buf_json_str(b, vram__enum_str(&vram__enum_mode, r->u[VRAM__R_MODE]));
    vram__buf_puts(b, ", ");
    put_key(b, "engine");
    vram__buf_json_str(b, vram__enum_str(&vram__enum_engine, r->u[VRAM__R_ENGINE]));
    vram__buf_puts(b, ", ");
    put_key(b, "params");
    vram__buf_puts(b, "{");
    put_u64_field(b, "total", r->u[VRAM__R_PARAMS_TOTAL], true);
    put_u64_field(b, "active_per_token", r->u[VRAM__R_PARAMS_ACTIVE], true);
    put_u64_field(b, "trainable", r->u[VRAM__R_PARAMS_TRAINABLE], false);
    vram__buf_puts(b, "}, ");

    /* kinds of the parts present */
    put_key(b, "kinds");
    vram__buf_puts(b, "{");
    bool first = true;
    for (unsigned p = 1; p < VRAM__NPARTS; p++) {
        if (!r->kind[p])
            continue;
        if (!first)
            vram__buf_puts(b, ", ");
        first = false;
        put_key(b, part_names[p]);
        vram__buf_json_str(b, kind_names[r->kind[p]]);
    }
    vram__buf_puts(b, "}, ");

    put_key(b, "devices");
    vram__buf_puts(b, "[");
    uint32_t nd = num_devices(r);
    for (uint32_t d = 0; d < nd; d++) {
        const vram__stage *s = &r->stage[stage_of(r, d)];
        if (d)
            vram__buf_puts(b, ", ");
        vram__buf_puts(b, "{");
        put_u64_field(b, "index", d, true);
        put_u64_field(b, "stage", stage_of(r, d), true);
        put_key(b, "parts");
        vram__buf_puts(b, "{");
        for (unsigned p = 1; p < VRAM__NPARTS; p++)
            put_u64_field(b, part_names[p], s->bytes[p], true);
        put_u64_field(b, "total", s->bytes[VRAM_PART_TOTAL], false);
        vram__buf_puts(b, "}, ");
        put_key(b, "band");
        vram__buf_puts(b, "{");
        for (unsigned p = 1; p <= VRAM__NPARTS; p++) {
            unsigned q = p % VRAM__NPARTS; /* parts first, total last */
            if (!r->kind[q] && q != VRAM_PART_TOTAL)
                continue;
            put_key(b, part_names[q]);
            vram__buf_puts(b, "[");
            vram__buf_u64(b, s->lo[q]);
            vram__buf_puts(b, ", ");
            vram__buf_u64(b, s->hi[q]);
            vram__buf_puts(b, q == VRAM_PART_TOTAL ? "]" : "], ");
        }
        vram__buf_puts(b, "}}");
    }
    vram__buf_puts(b, "], ");
    put_u64_field(b, "peak_device", (uint64_t)peak * r->tp, true);
    put_u64_field(b, "peak_device_bytes", r->stage[peak].bytes[VRAM_PART_TOTAL], true);
    put_u64_field(b, "host_bytes", r->u[VRAM__R_HOST], true);
    put_u64_field(b, "kv_bytes_per_token", r->u[VRAM__R_KV_PER_TOKEN], true);
    put_key(b, "weight_bits");
    vram__buf_fixed(b, result_f64(r, VRAM__RF_WEIGHT_BITS), 4);
    vram__buf_puts(b, ", ");
    put_key(b, "warnings");
    vram__buf_puts(b, "[");
    first = true;
    for (unsigned i = 0; i < sizeof warning_texts / sizeof warning_texts[0]; i++) {
        if (!(r->u[VRAM__R_WARNINGS] & (1u << i)))
            continue;
        if (!first)
            vram__buf_puts(b, ", ");
        first = false;
        vram__buf_json_str(b, warning_texts[i]);
    }
    vram__buf_puts(b, "]");

    if (r->u[VRAM__R_ENGINE] == VRAM_ENGINE_VLLM && r->u[VRAM__R_FIT_DEVICE]) {
        static const vram_result_key vk[] = {
            VRAM_RES_VLLM_REQUESTED_BYTES, VRAM_RES_VLLM_NON_KV_BYTES,
            VRAM_RES_VLLM_AVAILABLE_KV_BYTES, VRAM_RES_VLLM_NUM_GPU_BLOCKS,
            VRAM_RES_VLLM_KV_CACHE_TOKENS, VRAM_RES_VLLM_MAX_CONCURRENCY, VRAM_RES_VLLM_FITS,
            VRAM_RES_VLLM_MAX_MODEL_LEN_THAT_FITS, VRAM_RES_VLLM_PAGE_BYTES,
            VRAM_RES_VLLM_MIN_KV_BYTES, VRAM_RES_VLLM_MAX_KV_BYTES,
            VRAM_RES_VLLM_RECOMMENDED_BYTES, VRAM_RES_VLLM_MAX_NUM_BATCHED_TOKENS,
            VRAM_RES_VLLM_MAX_NUM_SEQS};
        vram__buf_puts(b, ", ");
        put_key(b, "vllm");
        vram__buf_puts(b, "{");
        put_scalars(b, r, vk, sizeof vk / sizeof vk[0]);
        vram__buf_puts(b, "}");
    }
    if (r->u[VRAM__R_ENGINE] == VRAM_ENGINE_LLAMA_CPP) {
        static const vram_result_key lk[] = {
            VRAM_RES_LLAMA_MODEL_BUFFER_BYTES, VRAM_RES_LLAMA_KV_BUFFER_BYTES,
            VRAM_RES_LLAMA_COMPUTE_BUFFER_BYTES, VRAM_RES_LLAMA_HOST_BUFFER_BYTES,
            VRAM_RES_LLAMA_N_CTX};
        vram__buf_puts(b, ", ");
        put_key(b, "llama_cpp");
        vram__buf_puts(b, "{");
        put_scalars(b, r, lk, sizeof lk / sizeof lk[0]);
        vram__buf_puts(b, "}");
    }
    if (with_fit && r->u[VRAM__R_FIT_DEVICE] > 0) {
        static const vram_result_key fk[] = {VRAM_RES_FIT_DEVICE_BYTES, VRAM_RES_FIT_FITS,
                                             VRAM_RES_FIT_GPUS_NEEDED, VRAM_RES_FIT_COST_PER_HOUR,
                                             VRAM_RES_FIT_DECODE_TOKENS_PER_S};
        vram__buf_puts(b, ", ");
        put_key(b, "fit");
        vram__buf_puts(b, "{");
        put_scalars(b, r, fk, sizeof fk / sizeof fk[0]);
        vram__buf_puts(b, "}");
    }
}

VRAM_API vram_status vram_result_to_json(const vram_result *result, char *buf, size_t cap,
                                         size_t *out_needed)
{
    if (!result || (!buf && cap))
        return vram__fail(VRAM_E_INVALID_ARG, "vram_result_to_json: NULL argument");
    if (!result->valid)
        return vram__fail(VRAM_E_RANGE, "the result holds no estimate");
    vram__buf b = {buf, cap, 0};
    vram__buf_puts(&b, "{");
    vram__result_json_members(result, &b, true);
    vram__buf_puts(&b, "}");
    vram_status st = vram__buf_finish(&b, out_needed);
    if (st != VRAM_OK)
        return vram__fail(st, "vram_result_to_json: %zu bytes needed, buffer holds %zu",
                          b.len + 1, cap);
    return VRAM_OK;
}
