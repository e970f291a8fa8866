/*
 * engine_vllm.c - vLLM V1 semantics (DESIGN.md section 4.8).
 *
 * Follows vllm-project/vllm:
 *  - vllm/v1/worker/gpu_worker.py determine_available_memory(): the budget is
 *    total x gpu_memory_utilization; the weights, the torch peak of the
 *    profile run and the non-torch memory that appeared during it are taken
 *    off; the rest is the KV cache. (vLLM 0.10+ prints "Desired GPU memory
 *    utilization is (0.95, 75.23 GiB). Actual usage is 14.99 GiB for weight,
 *    1.89 GiB for peak activation, 0.25 GiB for non-torch memory, and 0.91
 *    GiB for CUDAGraph memory" and then keeps 58.11 GiB of KV: CUDA graphs
 *    and the CUDA context live outside that budget.)
 *  - vllm/v1/worker/gpu_model_runner.py profile_run(): a dummy forward of
 *    max_num_batched_tokens tokens over min(max_num_seqs, tokens) requests,
 *    then a dummy sampler run over one logits row per request.
 *  - vllm/engine/arg_utils.py get_batch_defaults(): OpenAI-server defaults
 *    8192 tokens / 1024 sequences on devices of >= 70 GiB that are not A100,
 *    else 2048 / 256.
 *  - vllm/v1/core/kv_cache_utils.py: one KV group when every layer has the
 *    same spec (num_blocks = available // page // layers); hybrid models
 *    (sliding + full) split layers into groups of the smaller type's size
 *    (the larger when it is < 1.5x the smaller), and every block spans one
 *    layer of each group slot: num_blocks = available // (page x group_size).
 *    "GPU KV cache size" = num_blocks // groups x block_size tokens;
 *    max concurrency and check_enough_kv_cache_memory() with
 *    estimate_max_model_len() as there; FullAttentionSpec and MLA need
 *    cdiv(len, block) pages per layer, SlidingWindowSpec
 *    cdiv(min(window - 1 + max_num_batched_tokens, len), block) + 1.
 *  - vllm/v1/kv_cache_interface.py page sizes: block_size x kv_heads x
 *    (head_dim_k + head_dim_v) x dtype bytes per layer; MLA block_size x
 *    (kv_lora_rank + qk_rope_head_dim) x dtype bytes.
 *
 * Empirical parts, calibrated on the vLLM logs in tests/data/measured.jsonl:
 *  - the sampler's dummy run holds about 15.5 bytes per logits element
 *    (rows x vocab): 1.89 GiB Llama-3.1-8B, 2.21 GiB Qwen2.5-7B, 3.65 GiB
 *    Gemma-2-9B, 0.79 GiB phi-2 (vLLM 0.19, 1024 rows) and 2.23 GiB
 *    Qwen3-14B (0.17); vLLM <= 0.16 held about 2.5 times more.
 *  - non-torch memory: ~0.25 GiB on one GPU, ~2.1 GiB per GPU with tensor
 *    parallelism (NCCL and custom all-reduce buffers), ~0.07 GiB with
 *    pipeline parallelism only.
 *  - CUDA graph pool: per decoder layer 16.3 MiB + 0.003 MiB per hidden
 *    unit (the captured graphs' intermediate buffers grow with the width):
 *    0.894, 1.110, 0.749 GiB against the logged 0.91 GiB Llama-3.1-8B
 *    (32 x 4096), 1.09 GiB Gemma-2-9B (42 x 3584), 0.76 GiB phi-2
 *    (32 x 2560); within 2 % of each (a flat 28 MiB per layer was 15 % high
 *    for phi-2).
 */
#include "vram_private.h"

#define SAMPLER_BYTES_X10 155u      /* bytes per logits element, x10 */
#define GRAPH_LAYER_BASE (163 * VRAM__MIB / 10)     /* 16.3 MiB */
#define GRAPH_LAYER_PER_HIDDEN (3 * VRAM__MIB / 1000) /* 0.003 MiB per hidden unit */

typedef struct kvgroups {
    uint64_t page;         /* bytes of one block of one layer */
    uint64_t group_size;   /* layers per group (tensors sharing blocks) */
    uint64_t n_groups;
    uint64_t n_full, n_slide;
} kvgroups;

static void stage_groups(const vram_model *m, const vram__work *w, uint32_t l0, uint32_t l1,
                         uint64_t block, kvgroups *g, bool *ovf)
{
    g->page = vram__sat_mul(block, vram__kv_token_layer_bytes(m, w, ovf), ovf);
    g->n_slide = vram__sliding_layers(m, l0, l1);
    g->n_full = (l1 - l0) - g->n_slide;
    if (g->n_full && g->n_slide) {
        uint64_t lo = vram__min(g->n_full, g->n_slide), hi = vram__max(g->n_full, g->n_slide);
        g->group_size = 2 * hi < 3 * lo ? hi : lo;
        g->n_groups = vram__ceil_div(g->n_full, g->group_size) +
                      vram__ceil_div(g->n_slide, g->group_size);
    } else {
        g->group_size = l1 - l0;
        g->n_groups = 1;
    }
}

/* Bytes one request of `len` tokens needs in the stage's layers
 * (max_memory_usage_bytes summed over the layers). */
static uint64_t request_bytes(const vram_model *m, const kvgroups *g, uint64_t len, uint64_t block,
                              uint64_t batched, bool *ovf)
{
    uint64_t full = vram__ceil_div(len, block);
    uint64_t window = m->v[VRAM__M_SLIDING_WINDOW];
    uint64_t sw_tokens = window ? vram__min(window - 1 + batched, len) : len;
    uint64_t slide = vram__ceil_div(sw_tokens, block) + 1;
    uint64_t pages = vram__sat_add(vram__sat_mul(g->n_full, full, ovf),
                                   vram__sat_mul(g->n_slide, slide, ovf), ovf);
    return vram__sat_mul(pages, g->page, ovf);
}

/* Pages per group slot one request needs (get_max_concurrency_for_kv_cache_config). */
static uint64_t request_blocks(const vram_model *m, const kvgroups *g, uint64_t len, uint64_t block,
                               uint64_t batched)
{
    uint64_t full = vram__ceil_div(len, block);
    uint64_t window = m->v[VRAM__M_SLIDING_WINDOW];
    uint64_t sw_tokens = window ? vram__min(window - 1 + batched, len) : len;
    uint64_t slide = vram__ceil_div(sw_tokens, block) + 1;
    /* one spec per group: group_size x (sum over groups of the spec's pages)
     * divided by the memory of a block (group_size pages) */
    uint64_t full_groups = g->n_full ? vram__ceil_div(g->n_full, g->group_size) : 0;
    uint64_t slide_groups = g->n_slide ? vram__ceil_div(g->n_slide, g->group_size) : 0;
    return full_groups * full + slide_groups * slide;
}

uint64_t vram__vllm_default_batched(const vram__work *w, uint64_t *max_seqs)
{
    /* >= 70 GiB and not an A100: the larger defaults */
    bool big = w->device_bytes >= 70 * VRAM__GIB;
    if (big && w->gpu >= 0) {
        const char *arch = vram__gpu_arch_of((uint32_t)w->gpu);
        if (arch[0] == 'A' && arch[1] == 'm') /* Ampere data-centre: A100 */
            big = false;
    }
    *max_seqs = big ? 1024 : 256;
    return big ? 8192 : 2048;
}

/* The torch peak of the profile run: forward of `t` tokens on one rank
 * (residual stream, fused QKV / gate_up outputs, activation) and, on the last
 * stage, the sampler's dummy run. */
static uint64_t profile_peak(const vram_model *m, const vram__work *w, uint64_t t, uint64_t rows,
                             bool last, bool *ovf, uint64_t *lo, uint64_t *hi)
{
    uint64_t c = vram__dtype_size(w->dtype);
    uint64_t h = m->v[VRAM__M_HIDDEN];
    uint64_t I = m->n_moe < m->v[VRAM__M_NUM_LAYERS] ? m->v[VRAM__M_INTERMEDIATE] : 0;
    uint64_t E = m->v[VRAM__M_EXPERTS], e = m->v[VRAM__M_EXPERTS_PER_TOKEN];
    uint64_t Im = m->v[VRAM__M_MOE_INTERMEDIATE] ? m->v[VRAM__M_MOE_INTERMEDIATE] : I;
    uint64_t width = vram__ceil_div(I, w->tp);
    if (m->n_moe && E) {
        /* fused MoE: every token's e experts are computed in one grouped GEMM */
        uint64_t mw = vram__ceil_div(Im * e, w->ep > 1 ? 1 : w->tp);
        width = vram__max(width, mw);
    }
    uint64_t qkv = vram__ceil_div(m->q_width, w->tp) +
                   w->kv_heads_rank * (m->kv_k_dim + m->kv_v_dim);
    /* residual, hidden, normed input + max(qkv + attention output, gate_up + activation) */
    uint64_t per_tok = 3 * h + vram__max(qkv + vram__ceil_div(m->q_width, w->tp), 3 * width);
    if (w->pp > 1)
        per_tok += 2 * h; /* intermediate tensors sent between stages */
    uint64_t fwd = vram__sat_mul(vram__sat_mul(t, per_tok, ovf), c, ovf);
    uint64_t sampler = 0;
    if (last) {
        uint64_t V = vram__round_up(m->v[VRAM__M_VOCAB], 64); /* ParallelLMHead padding */
        sampler = vram__sat_mul(vram__sat_mul(rows, V, ovf), SAMPLER_BYTES_X10, ovf) / 10;
    }
    uint64_t v = vram__max(fwd, sampler);
    *lo = v / 10 * 7;
    *hi = vram__sat_add(v, v / 2, ovf);
    return v;
}

vram_status vram__estimate_vllm(const vram_model *m, const vram_config *c, const vram__work *w,
                                vram_result *r)
{
    bool ovf = false;
    const uint64_t *cu = c->u;
    uint32_t P = (uint32_t)w->pp;
    vram__result_begin(r, P, (uint32_t)w->tp, P, (uint32_t)w->dp);

    uint64_t block = cu[VRAM__C_BLOCK_SIZE];
    if (!vram__cfg_isset(c, VRAM__C_BLOCK_SIZE) && m->mla)
        block = 64; /* vLLM picks 64-token blocks for the FlashMLA backend */
    uint64_t max_len = vram__cfg_isset(c, VRAM__C_MAX_MODEL_LEN) ? cu[VRAM__C_MAX_MODEL_LEN] : w->seq;
    uint64_t def_seqs, def_batched = vram__vllm_default_batched(w, &def_seqs);
    uint64_t batched = vram__cfg_isset(c, VRAM__C_MAX_BATCHED) ? cu[VRAM__C_MAX_BATCHED] : def_batched;
    uint64_t max_seqs = vram__cfg_isset(c, VRAM__C_MAX_SEQS) ? cu[VRAM__C_MAX_SEQS] : def_seqs;
    uint64_t rows = vram__min(max_seqs, batched);
    double util = c->f[VRAM__C_GPU_UTIL];
    bool eager = cu[VRAM__C_ENFORCE_EAGER] != 0;

    /* non-torch memory per device */
    uint64_t ws_default = w->tp > 1 ? 256 * VRAM__MIB : w->pp > 1 ? 80 * VRAM__MIB : 256 * VRAM__MIB;
    uint64_t comm_default = w->tp > 1 ? (UINT64_C(1894) * VRAM__MIB) : 0;
    bool nt_set = vram__cfg_isset(c, VRAM__C_NON_TORCH);
    uint64_t ws = nt_set ? cu[VRAM__C_NON_TORCH] : ws_default;
    uint64_t comm = nt_set ? 0 : vram__cfg_isset(c, VRAM__C_COMM) ? cu[VRAM__C_COMM] : comm_default;

    /* requested_memory = total x utilization, truncated as vLLM's int() does */
    bool device = w->device_bytes != 0; /* else: no budget, the cache a batch needs */
    uint64_t requested = device ? (uint64_t)((double)w->device_bytes * util) : 0;

    uint64_t min_blocks = UINT64_MAX, non_kv_peak = 0, avail_min = UINT64_MAX;
    bool fits = true;
    uint64_t max_len_fit = max_len;
    kvgroups g0 = {0, 0, 0, 0, 0};

    for (uint32_t s = 0; s < P; s++) {
        uint32_t l0, l1;
        vram__stage_layers(m, w->pp, s, &l0, &l1);
        bool last = s + 1 == P;
        vram__wbytes wb;
        vram__weights_stage(m, w, l0, l1, s == 0, last, &wb);
        ovf |= wb.ovf;
        /* the rotary cos/sin cache vLLM keeps: max positions x rotary dims */
        uint64_t rope = vram__sat_mul(vram__sat_mul(m->v[VRAM__M_MAX_POS],
                                                    m->mla ? m->v[VRAM__M_QK_ROPE] : m->head_dim, &ovf),
                                      vram__dtype_size(w->dtype), &ovf);
        uint64_t weights = vram__sat_add(wb.weights, rope, &ovf);
        /* the model's own bytes, for weight_bits: not the rotary cache */
        r->u[VRAM__R_WEIGHT_BYTES] = vram__sat_add(r->u[VRAM__R_WEIGHT_BYTES],
                                                   vram__sat_mul(wb.weights + wb.meta, w->tp, &ovf), &ovf);
        vram__part(r, s, VRAM_PART_WEIGHTS, weights, weights, weights, VRAM_KIND_EXACT);
        vram__part(r, s, VRAM_PART_QUANT_METADATA, wb.meta, wb.meta, wb.meta, VRAM_KIND_EXACT);

        uint64_t alo, ahi;
        uint64_t act = profile_peak(m, w, batched, rows, last, &ovf, &alo, &ahi);
        vram__part(r, s, VRAM_PART_ACTIVATIONS, act, alo, ahi, VRAM_KIND_EMPIRICAL);
        if (comm)
            vram__part(r, s, VRAM_PART_COMM_BUFFERS, comm, comm / 4 * 3, comm * 2, VRAM_KIND_EMPIRICAL);
        uint64_t graphs = eager ? 0
                          : vram__cfg_isset(c, VRAM__C_CUDA_GRAPH) ? cu[VRAM__C_CUDA_GRAPH]
                                                                   : (GRAPH_LAYER_BASE + GRAPH_LAYER_PER_HIDDEN * m->v[VRAM__M_HIDDEN]) * (l1 - l0);
        if (graphs)
            vram__part(r, s, VRAM_PART_CUDA_GRAPHS, graphs, graphs / 2, graphs + graphs / 2,
                       VRAM_KIND_EMPIRICAL);
        vram__runtime_parts(c, w, r, s, false, &ovf);
        /* vLLM's workspace is its non-torch memory, not the cuBLAS default */
        vram__part(r, s, VRAM_PART_WORKSPACE, ws, nt_set ? ws : ws / 2, nt_set ? ws : ws * 2,
                   VRAM_KIND_EMPIRICAL);

        kvgroups g;
        stage_groups(m, w, l0, l1, block, &g, &ovf);
        if (s == 0)
            g0 = g;
        uint64_t non_kv = vram__sat_add(vram__sat_add(weights + wb.meta, act, &ovf), ws + comm, &ovf);
        non_kv_peak = vram__max(non_kv_peak, non_kv);
        if (device) {
            uint64_t avail = requested > non_kv ? requested - non_kv : 0;
            avail_min = vram__min(avail_min, avail);
            uint64_t per_block = vram__sat_mul(g.page, g.group_size, &ovf);
            uint64_t nb = per_block ? avail / per_block : 0;
            min_blocks = vram__min(min_blocks, nb);
            /* check_enough_kv_cache_memory + estimate_max_model_len */
            if (request_bytes(m, &g, max_len, block, batched, &ovf) > avail) {
                fits = false;
                uint64_t lo = 0, hi = max_len;
                while (lo < hi) {
                    uint64_t mid = lo + (hi - lo + 1) / 2;
                    if (request_bytes(m, &g, mid, block, batched, &ovf) <= avail)
                        lo = mid;
                    else
                        hi = mid - 1;
                }
                max_len_fit = vram__min(max_len_fit, lo);
            }
        }
    }

    uint64_t kv_token_all = vram__kv_bytes(m, w, 0, (uint32_t)m->v[VRAM__M_NUM_LAYERS], 1, 1, &ovf);
    if (device) {
        for (uint32_t s = 0; s < P; s++) {
            uint32_t l0, l1;
            vram__stage_layers(m, w->pp, s, &l0, &l1);
            kvgroups g;
            stage_groups(m, w, l0, l1, block, &g, &ovf);
            uint64_t kv = vram__sat_mul(vram__sat_mul(min_blocks, g.page, &ovf), g.group_size, &ovf);
            vram__part(r, s, VRAM_PART_KV_CACHE, kv, kv, kv, VRAM_KIND_EXACT);
        }
        uint64_t tokens = min_blocks / g0.n_groups * block;
        uint64_t per_req = request_blocks(m, &g0, max_len, block, batched);
        r->u[VRAM__R_VLLM_REQUESTED] = requested;
        r->u[VRAM__R_VLLM_NON_KV] = non_kv_peak;
        r->u[VRAM__R_VLLM_AVAIL_KV] = avail_min;
        r->u[VRAM__R_VLLM_BLOCKS] = min_blocks;
        r->u[VRAM__R_VLLM_TOKENS] = tokens;
        r->f[VRAM__RF_VLLM_CONCURRENCY] = per_req ? (double)min_blocks / (double)per_req : 0;
        r->u[VRAM__R_VLLM_FITS] = fits;
        r->u[VRAM__R_VLLM_MAX_LEN_FITS] = fits ? max_len : max_len_fit;
        if (!fits)
            r->u[VRAM__R_WARNINGS] |= VRAM_WARN_VLLM_NO_KV_ROOM;
    } else {
        /* no device: the cache a batch of sequences at max_model_len needs */
        uint64_t ctx = vram__round_up(max_len, block);
        for (uint32_t s = 0; s < P; s++) {
            uint32_t l0, l1;
            vram__stage_layers(m, w->pp, s, &l0, &l1);
            uint64_t kv = vram__kv_bytes(m, w, l0, l1, w->batch, ctx, &ovf);
            vram__part(r, s, VRAM_PART_KV_CACHE, kv, kv, kv, VRAM_KIND_EXACT);
        }
    }
    r->u[VRAM__R_VLLM_PAGE] = vram__sat_mul(g0.page, g0.group_size, &ovf);
    r->u[VRAM__R_VLLM_BATCHED] = batched;
    r->u[VRAM__R_VLLM_SEQS] = max_seqs;
    /* the seed calculator's PagedAttention minimum (one block per sequence)
     * and maximum (every sequence at max_model_len), and its recommendation */
    uint64_t min_kv = vram__sat_mul(vram__sat_mul(w->batch, block, &ovf), kv_token_all, &ovf);
    uint64_t max_kv = vram__kv_bytes(m, w, 0, (uint32_t)m->v[VRAM__M_NUM_LAYERS], w->batch,
                                     vram__round_up(max_len, block), &ovf);
    r->u[VRAM__R_VLLM_MIN_KV] = min_kv;
    r->u[VRAM__R_VLLM_MAX_KV] = max_kv;
    r->u[VRAM__R_KV_PER_TOKEN] = vram__kv_token_device_bytes(m, w, &ovf);
    vram_status st = vram__finish(m, w, r, ovf);
    if (st != VRAM_OK)
        return st;
    /* recommended = (weights + activations + max KV + overheads) / utilization */
    const vram__stage *s0 = &r->stage[0];
    uint64_t other = s0->bytes[VRAM_PART_TOTAL] - s0->bytes[VRAM_PART_KV_CACHE];
    r->u[VRAM__R_VLLM_RECOMMENDED] =
        vram__bytes_from_double((double)(other + max_kv) / util, &ovf);
    if (ovf) {
        r->valid = false;
        return vram__fail(VRAM_E_OVERFLOW, "the recommended memory (%llu bytes / "
                          "gpu_memory_utilization %.17g) overflows 64-bit byte counts",
                          (unsigned long long)(other + max_kv), util);
    }
    /* vLLM's own verdict: a batch of max_model_len requests fits the KV cache */
    if (device) {
        double conc = r->f[VRAM__RF_VLLM_CONCURRENCY];
        if (!fits || conc < (double)w->batch) {
            r->u[VRAM__R_FIT_FITS] = 0;
            r->u[VRAM__R_FIT_GPUS] = 0;
            if (fits)
                r->u[VRAM__R_WARNINGS] |= VRAM_WARN_VLLM_LOW_CONCURRENCY;
        }
    }
    return VRAM_OK;
}
