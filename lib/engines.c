/*
 * engines.c - how each inference engine allocates (DESIGN.md section 4.8):
 * Hugging Face transformers here; vLLM in engine_vllm.c and llama.cpp in
 * engine_llama_cpp.c. Also the runtime overheads every engine shares
 * (section 4.7) and the fit verdict.
 */
#include "vram_private.h"

/* ------------------------------------------------------ runtime overheads */

/*
 * CUDA context (driver state, module images of the kernels loaded): a few
 * hundred MiB, smaller with CUDA 11.7+ lazy loading. The catalog carries a
 * typical figure per GPU architecture; without a GPU, 512 MiB. Band: 300 MiB
 * to 1 GiB (eager module loading on older stacks reaches ~1 GiB).
 */
uint64_t vram__cuda_context_bytes(const vram_config *c, const vram__work *w)
{
    if (vram__cfg_isset(c, VRAM__C_CUDA_CTX))
        return c->u[VRAM__C_CUDA_CTX];
    if (w->gpu >= 0 && vram__gpu_context((uint32_t)w->gpu))
        return vram__gpu_context((uint32_t)w->gpu);
    return 512 * VRAM__MIB;
}

/*
 * cuBLAS/cuBLASLt workspaces allocated through PyTorch's caching allocator:
 * PyTorch's default CUBLAS_WORKSPACE_CONFIG is ":4096:8" (32 MiB) on Hopper
 * and "4096:2,16:8" (~8 MiB) before (aten/src/ATen/cuda/CublasHandlePool.cpp),
 * plus the cuBLASLt workspace. 32 MiB + 8 MiB by default.
 */
uint64_t vram__workspace_bytes(const vram_config *c, const vram__work *w)
{
    (void)w;
    if (vram__cfg_isset(c, VRAM__C_WORKSPACE))
        return c->u[VRAM__C_WORKSPACE];
    return 40 * VRAM__MIB;
}

/*
 * The caching allocator rounds blocks (512 B, 2 MiB segments for large
 * tensors) and keeps freed blocks reserved; growing caches and varying
 * shapes fragment it. Default 5 % of the allocated bytes (inference) and
 * 10 % (training, where activations of different shapes come and go).
 */
double vram__allocator_slack(const vram_config *c, const vram__work *w)
{
    if (vram__cfg_isset(c, VRAM__C_SLACK))
        return c->f[VRAM__C_SLACK];
    return w->mode == VRAM_MODE_INFERENCE ? 0.05 : 0.10;
}

uint64_t vram__bytes_from_double(double x, bool *ovf)
{
    if (!(x >= 0))
        return 0;
    if (x >= 18446744073709549568.0) {
        *ovf = true;
        return UINT64_MAX;
    }
    uint64_t v = (uint64_t)x;
    return (double)v < x ? v + 1 : v;
}

/* Runtime parts shared by the engines: context, workspace, slack on the
 * allocated bytes so far. */
void vram__runtime_parts(const vram_config *c, const vram__work *w, vram_result *r, uint32_t s,
                         bool torch_slack, bool *ovf)
{
    uint64_t ctx = vram__cuda_context_bytes(c, w);
    uint64_t ctx_lo = vram__cfg_isset(c, VRAM__C_CUDA_CTX) ? ctx : 300 * VRAM__MIB;
    uint64_t ctx_hi = vram__cfg_isset(c, VRAM__C_CUDA_CTX) ? ctx : vram__max(ctx, VRAM__GIB);
    if (ctx_lo > ctx)
        ctx_lo = ctx;
    vram__part(r, s, VRAM_PART_CUDA_CONTEXT, ctx, ctx_lo, ctx_hi, VRAM_KIND_EMPIRICAL);

    uint64_t ws = vram__workspace_bytes(c, w);
    bool ws_set = vram__cfg_isset(c, VRAM__C_WORKSPACE);
    vram__part(r, s, VRAM_PART_WORKSPACE, ws, ws_set ? ws : vram__min(ws, 8 * VRAM__MIB),
               ws_set ? ws : vram__max(ws, 128 * VRAM__MIB), VRAM_KIND_EMPIRICAL);

    if (torch_slack) {
        /* everything allocated through the caching allocator so far: all
         * parts but the CUDA context (slack itself is still 0 here) */
        const vram__stage *st = &r->stage[s];
        bool exact = !(st->any >> 57);
        uint64_t alloc = exact ? st->bytes[VRAM_PART_TOTAL]
                               : vram__sum(st->bytes + 1, VRAM__NPARTS - 1, ovf);
        uint64_t alloc_hi = exact ? st->hi[VRAM_PART_TOTAL]
                                  : vram__sum(st->hi + 1, VRAM__NPARTS - 1, ovf);
        alloc -= st->bytes[VRAM_PART_CUDA_CONTEXT] + st->bytes[VRAM_PART_ALLOCATOR_SLACK];
        alloc_hi -= st->hi[VRAM_PART_CUDA_CONTEXT] + st->hi[VRAM_PART_ALLOCATOR_SLACK];
        bool set = vram__cfg_isset(c, VRAM__C_SLACK);
        uint64_t v, hi;
        if (set) {
            v = hi = vram__bytes_from_double((double)alloc * c->f[VRAM__C_SLACK], ovf);
        } else {
            /* the defaults, 1/20 and 1/10 (vram__allocator_slack), in integers:
             * no floating point on the hot path; the band's top is 3 times */
            uint64_t per = w->mode == VRAM_MODE_INFERENCE ? 20 : 10;
            v = vram__ceil_div(alloc, per);
            hi = vram__sat_mul(vram__ceil_div(alloc_hi, per), 3, ovf);
        }
        vram__part(r, s, VRAM_PART_ALLOCATOR_SLACK, v, set ? v : 0, hi, VRAM_KIND_EMPIRICAL);
    }
}

/* --------------------------------------------------------------------- fit */

void vram__fit(const vram_model *m, const vram__work *w, vram_result *r)
{
    /* what the floating outputs need when they are read (result.c): the
     * device for cost and bandwidth, the share of weights read per token */
    r->u[VRAM__R_GPU_PLUS1] = w->gpu >= 0 ? (uint64_t)w->gpu + 1 : 0;
    r->u[VRAM__R_ACTIVE_NUM] = m->params_active;
    r->u[VRAM__R_ACTIVE_DEN] = m->params_total;
    if (!w->device_bytes)
        return;
    uint64_t peak = 0;
    for (uint32_t s = 0; s < r->n_stages; s++)
        peak = vram__max(peak, r->stage[s].bytes[VRAM_PART_TOTAL]);
    r->u[VRAM__R_FIT_DEVICE] = w->device_bytes;
    r->u[VRAM__R_FIT_FITS] = peak <= w->device_bytes;
    if (peak > w->device_bytes)
        r->u[VRAM__R_WARNINGS] |= VRAM_WARN_DOES_NOT_FIT;
    r->u[VRAM__R_FIT_GPUS] = peak <= w->device_bytes ? w->tp * w->pp * w->dp : 0;
}

/* Common ending: scalars, totals, fit. */
vram_status vram__finish(const vram_model *m, const vram__work *w, vram_result *r, bool ovf)
{
    r->u[VRAM__R_PARAMS_TOTAL] = m->params_reported;
    r->u[VRAM__R_PARAMS_ACTIVE] = m->v[VRAM__M_PARAMS_OVERRIDE] ? m->params_reported
                                                                 : m->params_active;
    r->u[VRAM__R_MODE] = w->mode;
    r->u[VRAM__R_ENGINE] = w->engine;
    r->u[VRAM__R_WARNINGS] |= w->warnings;
    r->u[VRAM__R_DTYPE] = w->dtype;
    r->u[VRAM__R_KV_DTYPE] = w->kv_dtype;
    r->u[VRAM__R_QUANT] = w->fmt.quant;
    r->u[VRAM__R_BATCH] = w->batch;
    r->u[VRAM__R_SEQ] = w->seq;
    if (ovf || !vram__result_finish(r)) {
        r->valid = false;
        return vram__fail(VRAM_E_OVERFLOW, "the estimate overflows 64-bit byte counts "
                          "(batch %llu x seq_len %llu is too large)",
                          (unsigned long long)w->batch, (unsigned long long)w->seq);
    }
    vram__fit(m, w, r);
    return VRAM_OK;
}

/* --------------------------------------------------- HF transformers */

/*
 * transformers generate(): weights; a DynamicCache that grows to batch x
 * seq_len tokens per layer (sliding layers keep their window); the prefill
 * of batch x prompt_len tokens at once, whose one-layer transient peak is the
 * activation part (activations.c); logits of the last position only
 * (logits_to_keep=1 since transformers 4.45) upcast to fp32, or of every
 * prompt position with VRAM_LOGITS_ALL; CUDA context, workspaces, slack.
 * With pp > 1 the layers are split over devices as accelerate's
 * device_map="auto" does (sequential, one device busy at a time).
 */
vram_status vram__estimate_transformers_inference(const vram_model *m, const vram_config *c,
                                                  const vram__work *w, vram_result *r)
{
    bool ovf = false;
    uint32_t P = (uint32_t)w->pp;
    vram__result_begin(r, P, (uint32_t)w->tp, P, (uint32_t)w->dp);
    bool all_logits = c->u[VRAM__C_LOGITS] == VRAM_LOGITS_ALL;

    for (uint32_t s = 0; s < P; s++) {
        uint32_t l0, l1;
        vram__stage_layers(m, w->pp, s, &l0, &l1);
        vram__wbytes wb;
        vram__weights_stage(m, w, l0, l1, s == 0, s + 1 == P, &wb);
        ovf |= wb.ovf;
        vram__part(r, s, VRAM_PART_WEIGHTS, wb.weights, wb.weights, wb.weights, VRAM_KIND_EXACT);
        vram__part(r, s, VRAM_PART_QUANT_METADATA, wb.meta, wb.meta, wb.meta, VRAM_KIND_EXACT);
        /* bitsandbytes 4-bit: a prefill of more than one token runs each
         * linear as dequantize_4bit + matmul (bitsandbytes/autograd/
         * _functions.py matmul_4bit; gemv_4bit only for a single token), so
         * the largest linear exists once more, dequantised, in the compute
         * dtype. Newer releases keep batches up to 1536 tokens in a fused
         * kernel (backends/cuda/ops.py gemm_4bit): the band's low end. */
        if ((w->fmt.quant == VRAM_QUANT_BNB_NF4 || w->fmt.quant == VRAM_QUANT_BNB_FP4) &&
            w->batch * w->prompt > 1 && wb.largest_linear) {
            bool fused = w->batch * w->prompt <= 1536;
            vram__part(r, s, VRAM_PART_DEQUANT_BUFFER, wb.largest_linear,
                       fused ? 0 : wb.largest_linear, wb.largest_linear, VRAM_KIND_EXACT);
        }

        uint64_t kv = vram__kv_bytes(m, w, l0, l1, w->batch, w->seq, &ovf);
        vram__part(r, s, VRAM_PART_KV_CACHE, kv, kv, kv, VRAM_KIND_EXACT);

        uint64_t lo, hi;
        uint64_t tokens = vram__sat_mul(w->batch, w->prompt, &ovf);
        uint64_t act = vram__act_prefill(m, w, tokens, w->batch, w->prompt, &ovf, &lo, &hi);
        vram__part(r, s, VRAM_PART_ACTIVATIONS, act, lo, hi, VRAM_KIND_MODELLED);

        if (s + 1 == P) {
            uint64_t rows = all_logits ? tokens : w->batch;
            uint64_t lg = vram__logits_infer(m, w, rows, &ovf);
            vram__part(r, s, VRAM_PART_LOGITS, lg, lg / 2, lg, VRAM_KIND_MODELLED);
        }
        vram__runtime_parts(c, w, r, s, true, &ovf);
    }
    bool o2 = false;
    r->u[VRAM__R_KV_PER_TOKEN] = vram__kv_token_device_bytes(m, w, &o2);
    return vram__finish(m, w, r, ovf || o2);
}
