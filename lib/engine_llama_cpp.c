/*
 * engine_llama_cpp.c - llama.cpp semantics (DESIGN.md section 4.8).
 *
 * Follows ggml-org/llama.cpp:
 *  - src/llama-context.cpp: n_ctx is padded to a multiple of 256; without a
 *    unified cache each of the n_seq streams gets pad(n_ctx / n_seq, 256)
 *    cells. The worst-case graph is reserved for n_ubatch tokens, all of them
 *    outputs.
 *  - src/llama-kv-cache.cpp / llama-kv-cache-iswa.cpp: K and V rows of
 *    n_embd_k_gqa / n_embd_v_gqa values per cell and layer, in type_k /
 *    type_v (ggml_row_size); sliding-window layers hold
 *    min(cells, pad(n_swa x (unified ? n_seq : 1) + n_ubatch, 256)) cells
 *    per stream (all cells with --swa-full). MLA (deepseek2) caches the
 *    latent and the rotary key, with no V.
 *  - src/llama-model.cpp load_tensors: the input embedding always stays in
 *    host memory; layers il >= n_layer - n_gpu_layers are offloaded; the
 *    output layer too when n_gpu_layers > n_layer; with several GPUs layer il
 *    goes to GPU floor(il x n / (n_layer + 1)) (even tensor_split).
 *  - src/llama-quant.cpp llama_tensor_get_type: the per-tensor type mix of
 *    each file-type preset (attn_v / ffn_down get more bits in the layers
 *    use_more_bits() picks, output.weight Q6_K, k-quant fallbacks when a row
 *    is not a multiple of 256).
 *
 * The compute buffer model (the parts of the worst-case graph alive at once,
 * f32 intermediates) is calibrated on four logs in tests/data/measured.jsonl:
 * the logits point n_vocab x n_ubatch x 4 + n_ubatch x n_embd x 4 gives
 * 258.5 MiB for Llama-3-8B and 300.75 MiB for Qwen3-30B-A3B exactly; the
 * attention point without flash attention (KQ n_kv x n_ubatch x n_head f32 +
 * f32 mask + three n_ubatch x n_embd f32 tensors) gives 552 MiB where Ollama
 * logged 560 MiB. The host compute buffer holds the input embeddings and the
 * f32 KQ mask (9.01, 24.01, 132.01 MiB in the same logs).
 */
#include "vram_private.h"

enum ggml { T_F32 = 0, T_F16 = 1, T_Q4_0 = 2, T_Q4_1 = 3, T_Q5_0 = 6, T_Q5_1 = 7, T_Q8_0 = 8,
            T_Q2_K = 10, T_Q3_K = 11, T_Q4_K = 12, T_Q5_K = 13, T_Q6_K = 14, T_IQ4_NL = 20,
            T_IQ4_XS = 23, T_BF16 = 30, T_MXFP4 = 39 };

/* ggml's block sizes are powers of two (1, 32, 64, 256): remainders and
 * quotients by them are masks and shifts, not 64-bit divisions, which would
 * dominate an estimate that prices every tensor of a preset. */
static uint64_t block_rem(uint64_t n, uint32_t block)
{
    return n & (uint64_t)(block - 1);
}
static uint64_t blocks_of(uint64_t n, uint32_t block)
{
    return (n >> __builtin_ctz(block)) + (block_rem(n, block) != 0);
}

/* The default tensor type of a file type (llama_model_quantize_impl). */
static uint32_t ftype_default(uint32_t ft)
{
    switch (ft) {
    case VRAM_GGUF_F32: return T_F32;
    case VRAM_GGUF_F16: return T_F16;
    case VRAM_GGUF_BF16: return T_BF16;
    case VRAM_GGUF_Q4_0: return T_Q4_0;
    case VRAM_GGUF_Q4_1: return T_Q4_1;
    case VRAM_GGUF_Q5_0: return T_Q5_0;
    case VRAM_GGUF_Q5_1: return T_Q5_1;
    case VRAM_GGUF_Q8_0: return T_Q8_0;
    case VRAM_GGUF_Q2_K: return T_Q2_K;
    case VRAM_GGUF_Q3_K_S: case VRAM_GGUF_Q3_K_M: case VRAM_GGUF_Q3_K_L: return T_Q3_K;
    case VRAM_GGUF_Q4_K_S: case VRAM_GGUF_Q4_K_M: return T_Q4_K;
    case VRAM_GGUF_Q5_K_S: case VRAM_GGUF_Q5_K_M: return T_Q5_K;
    case VRAM_GGUF_Q6_K: return T_Q6_K;
    case VRAM_GGUF_IQ4_NL: return T_IQ4_NL;
    case VRAM_GGUF_IQ4_XS: return T_IQ4_XS;
    case VRAM_GGUF_MXFP4_MOE: return T_MXFP4;
    default: return T_Q4_K;
    }
}

static bool is_float_type(uint32_t t)
{
    return t == T_F32 || t == T_F16 || t == T_BF16;
}

static bool use_more_bits(uint64_t i, uint64_t n)
{
    return i < n / 8 || i >= 7 * n / 8 || (i >= n / 8 && (i - n / 8) % 3 == 2);
}

/* Role of a tensor for llama_tensor_get_type. */
enum trole { TR_Q, TR_K, TR_V, TR_O, TR_QKV, TR_GATE, TR_UP, TR_DOWN, TR_OTHER };

static enum trole trole_of(uint8_t role)
{
    switch (role) {
    case VRAM__R_Q: return TR_Q;
    case VRAM__R_K: return TR_K;
    case VRAM__R_V: return TR_V;
    case VRAM__R_O: return TR_O;
    case VRAM__R_QKV: return TR_QKV;
    case VRAM__R_GATE: case VRAM__R_EXP_GATE: case VRAM__R_SH_GATE: return TR_GATE;
    case VRAM__R_UP: case VRAM__R_EXP_UP: case VRAM__R_SH_UP: case VRAM__R_GATE_UP:
    case VRAM__R_EXP_GATE_UP: case VRAM__R_SH_GATE_UP:
        return TR_UP;
    case VRAM__R_DOWN: case VRAM__R_EXP_DOWN: case VRAM__R_SH_DOWN: return TR_DOWN;
    default: return TR_OTHER;
    }
}

/* Type of one 2-D weight in layer il of a preset (own reading of
 * llama_tensor_get_type for the presets of vram_gguf_ftype). */
static uint32_t preset_type(const vram_model *m, uint32_t ft, enum trole r, uint64_t il,
                            uint64_t in)
{
    uint32_t t = ftype_default(ft);
    if (is_float_type(t))
        return t;
    uint64_t L = m->v[VRAM__M_NUM_LAYERS];
    uint64_t E = m->v[VRAM__M_EXPERTS];
    uint64_t gqa = m->v[VRAM__M_HEADS] / (m->kv_heads ? m->kv_heads : 1);
    bool falcon = m->v[VRAM__M_FAMILY] == VRAM_FAMILY_FALCON;
    switch (r) {
    case TR_V:
        if (ft == VRAM_GGUF_Q2_K)
            t = gqa >= 4 ? T_Q4_K : T_Q3_K;
        else if (ft == VRAM_GGUF_Q3_K_M)
            t = il < 2 ? T_Q5_K : T_Q4_K;
        else if (ft == VRAM_GGUF_Q3_K_L)
            t = T_Q5_K;
        else if ((ft == VRAM_GGUF_IQ4_NL || ft == VRAM_GGUF_IQ4_XS) && gqa >= 4)
            t = T_Q5_K;
        else if ((ft == VRAM_GGUF_Q4_K_M || ft == VRAM_GGUF_Q5_K_M) && use_more_bits(il, L))
            t = T_Q6_K;
        else if (ft == VRAM_GGUF_Q4_K_S && il < 4)
            t = T_Q5_K;
        if (L == 80 && m->v[VRAM__M_FAMILY] == VRAM_FAMILY_LLAMA && (t == T_Q3_K || t == T_Q4_K))
            t = T_Q5_K; /* LLM_TYPE_70B: attn_v is 8x smaller, given more bits */
        if (E == 8)
            t = T_Q8_0;
        break;
    case TR_K:
        if (E == 8)
            t = T_Q8_0;
        break;
    case TR_DOWN:
        if (ft == VRAM_GGUF_Q2_K)
            t = T_Q3_K;
        else if (ft == VRAM_GGUF_Q3_K_M)
            t = il < L / 16 ? T_Q5_K : !falcon || use_more_bits(il, L) ? T_Q4_K : T_Q3_K;
        else if (ft == VRAM_GGUF_Q3_K_L)
            t = falcon ? T_Q4_K : T_Q5_K;
        else if (ft == VRAM_GGUF_Q4_K_M)
            t = falcon ? (il < L / 16 ? T_Q6_K : use_more_bits(il, L) ? T_Q5_K : T_Q4_K)
                       : (use_more_bits(il, L) ? T_Q6_K : T_Q4_K);
        else if (il < L / 8 && (ft == VRAM_GGUF_IQ4_NL || ft == VRAM_GGUF_IQ4_XS))
            t = T_Q5_K;
        else if (ft == VRAM_GGUF_Q5_K_M && use_more_bits(il, L))
            t = T_Q6_K;
        else if (ft == VRAM_GGUF_Q4_K_S && !falcon && il < L / 8)
            t = T_Q5_K;
        break;
    case TR_O:
        if (!falcon && E == 8) {
            if (ft == VRAM_GGUF_Q2_K || ft == VRAM_GGUF_Q3_K_S || ft == VRAM_GGUF_Q3_K_M ||
                ft == VRAM_GGUF_IQ4_NL || ft == VRAM_GGUF_Q4_K_S || ft == VRAM_GGUF_Q4_K_M ||
                ft == VRAM_GGUF_IQ4_XS)
                t = T_Q5_K;
        } else if (!falcon) {
            if (ft == VRAM_GGUF_Q2_K)
                t = T_Q3_K;
            else if (ft == VRAM_GGUF_Q3_K_M)
                t = T_Q4_K;
            else if (ft == VRAM_GGUF_Q3_K_L)
                t = T_Q5_K;
        } else if (ft == VRAM_GGUF_Q3_K_L) {
            t = T_Q4_K;
        }
        break;
    case TR_QKV:
        if (ft == VRAM_GGUF_Q3_K_M || ft == VRAM_GGUF_Q3_K_L)
            t = T_Q4_K;
        else if (ft == VRAM_GGUF_Q4_K_M)
            t = T_Q5_K;
        else if (ft == VRAM_GGUF_Q5_K_M)
            t = T_Q6_K;
        break;
    default:
        break;
    }
    /* rows that are not whole 256-value super-blocks fall back (convert_incompatible) */
    const vram__ggml_type_info *ti = vram__ggml_type(t);
    if (ti && block_rem(in, ti->block_values) != 0) {
        switch (t) {
        case T_Q2_K: case T_Q3_K: case T_IQ4_XS: t = T_IQ4_NL; break;
        case T_Q4_K: t = T_Q5_0; break;
        case T_Q5_K: t = T_Q5_1; break;
        case T_Q6_K: t = T_Q8_0; break;
        default: break;
        }
        ti = vram__ggml_type(t);
        if (ti && block_rem(in, ti->block_values) != 0)
            t = T_F16;
    }
    return t;
}

static uint64_t tensor_bytes(uint32_t type, uint64_t in, uint64_t out, bool *ovf)
{
    const vram__ggml_type_info *ti = vram__ggml_type(type);
    uint64_t rows = vram__sat_mul(out, blocks_of(in, ti->block_values), ovf);
    return vram__sat_mul(rows, ti->block_bytes, ovf);
}

/* Bytes of layer il of a GGUF preset (weights, f32 norms and biases). */
static uint64_t preset_layer(const vram_model *m, uint32_t ft, uint64_t il, bool *ovf)
{
    uint64_t b = 0;
    const vram__lin_set *sets[2] = {&m->attn, vram__bit(m->moe, (uint32_t)il) ? &m->moe_mlp : &m->dense};
    for (int k = 0; k < 2; k++)
        for (uint32_t i = 0; i < sets[k]->n; i++) {
            const vram__linear *l = &sets[k]->lin[i];
            uint32_t t = l->role == VRAM__R_ROUTER || l->role == VRAM__R_SH_EXPERT_GATE
                             ? T_F32
                         : ft == VRAM_GGUF_MXFP4_MOE
                             /* llama_tensor_get_type: 3-D (expert) tensors MXFP4,
                              * the other matrices Q8_0 */
                             ? (l->in % 32 ? T_F16 : l->expert ? T_MXFP4 : T_Q8_0)
                             : preset_type(m, ft, trole_of(l->role), il, l->in);
            uint64_t one = tensor_bytes(t, l->in, l->out, ovf);
            b = vram__sat_add(b, vram__sat_mul(one, l->count, ovf), ovf);
            if (l->bias)
                b = vram__sat_add(b, vram__sat_mul(l->out * 4, l->count, ovf), ovf);
        }
    uint64_t small = m->layer_norm_params + m->attn_extra_params +
                     (vram__bit(m->moe, (uint32_t)il) ? m->moe_extra_params : 0);
    return vram__sat_add(b, vram__sat_mul(small, 4, ovf), ovf);
}

/* What preset_type and preset_layer read of a layer's index, as a key of
 * the per-estimate cache: layers with equal keys have equal bytes. */
static unsigned layer_class(const vram_model *m, uint64_t il, uint64_t L)
{
    return (unsigned)vram__bit(m->moe, (uint32_t)il) | (unsigned)use_more_bits(il, L) << 1 |
           (unsigned)(il < 2) << 2 | (unsigned)(il < 4) << 3 | (unsigned)(il < L / 16) << 4 |
           (unsigned)(il < L / 8) << 5;
}

/* The file type the estimate prices: the config's preset for quant gguf,
 * else the float type of the weights. */
static uint32_t work_ftype(const vram__work *w)
{
    if (w->fmt.quant == VRAM_QUANT_GGUF)
        return w->fmt.gguf_ftype;
    if (w->fmt.quant == VRAM_QUANT_MXFP4)
        return VRAM_GGUF_MXFP4_MOE; /* an mxfp4 checkpoint converts to this preset */
    return w->dtype == VRAM_DTYPE_F32 ? VRAM_GGUF_F32 : w->dtype == VRAM_DTYPE_BF16 ? VRAM_GGUF_BF16
                                                                                    : VRAM_GGUF_F16;
}

static uint64_t gguf_embed_bytes(const vram_model *m, uint32_t ft, bool *ovf)
{
    uint32_t t = ft == VRAM_GGUF_MXFP4_MOE ? T_Q8_0 : ftype_default(ft);
    if (!is_float_type(t)) {
        const vram__ggml_type_info *ti = vram__ggml_type(t);
        if (block_rem(m->v[VRAM__M_HIDDEN], ti->block_values) != 0)
            t = T_Q8_0;
    }
    uint64_t e = tensor_bytes(t, m->v[VRAM__M_HIDDEN], m->v[VRAM__M_VOCAB], ovf);
    return vram__sat_add(e, tensor_bytes(T_F32, m->v[VRAM__M_HIDDEN],
                                         m->v[VRAM__M_LEARNED_POS], ovf), ovf);
}

static uint64_t gguf_output_bytes(const vram_model *m, uint32_t ft, bool *ovf)
{
    uint64_t h = m->v[VRAM__M_HIDDEN], V = m->v[VRAM__M_VOCAB];
    uint64_t b = vram__sat_mul(m->final_norm_params, 4, ovf);
    if (m->v[VRAM__M_TIE])
        return b;
    uint32_t t = ftype_default(ft);
    if (!is_float_type(t)) {
        /* output.weight: Q8_0 for Falcon or rows that are not whole blocks,
         * else Q6_K unless the preset is already Q8_0 */
        if (ft == VRAM_GGUF_MXFP4_MOE || m->v[VRAM__M_FAMILY] == VRAM_FAMILY_FALCON || h % 256 != 0)
            t = T_Q8_0;
        else if (t != T_Q8_0)
            t = T_Q6_K;
    }
    b = vram__sat_add(b, tensor_bytes(t, h, V, ovf), ovf);
    if (m->v[VRAM__M_LM_HEAD_BIAS])
        b = vram__sat_add(b, V * 4, ovf);
    return b;
}

/* Device of layer il with n GPUs (even tensor_split); n_layer + 1 slots, the
 * last being the output layer. */
static uint32_t layer_device(uint64_t il, uint64_t L, uint32_t n)
{
    return (uint32_t)(il * n / (L + 1));
}

static uint64_t row_bytes(vram_dtype t, uint64_t n, bool *ovf)
{
    uint64_t b;
    if (!vram__dtype_bytes(t, n, &b)) {
        *ovf = true;
        return UINT64_MAX;
    }
    return b;
}

vram_status vram__estimate_llama_cpp(const vram_model *m, const vram_config *c,
                                     const vram__work *w, vram_result *r)
{
    bool ovf = false;
    const uint64_t *cu = c->u;
    if (w->tp > 1)
        return vram__fail(VRAM_E_UNSUPPORTED, "llama.cpp splits layers over GPUs "
                          "(--split-mode layer): use pipeline_parallel_size for the GPU count, "
                          "not tensor_parallel_size %llu", (unsigned long long)w->tp);
    if (w->fmt.quant != VRAM_QUANT_NONE && w->fmt.quant != VRAM_QUANT_GGUF &&
        w->fmt.quant != VRAM_QUANT_MXFP4 && !w->use_file_bytes)
        return vram__fail(VRAM_E_UNSUPPORTED, "llama.cpp runs GGUF files; quant %s is not a GGUF "
                          "type: set quant gguf and a gguf_ftype preset (Q8_0, Q4_K_M, ...) for "
                          "the file you will run", vram__enum_str(&vram__enum_quant, w->fmt.quant));
    uint32_t n_gpu = (uint32_t)w->pp;
    uint64_t L = m->v[VRAM__M_NUM_LAYERS], h = m->v[VRAM__M_HIDDEN];
    uint64_t V = m->v[VRAM__M_VOCAB], a = m->v[VRAM__M_HEADS];
    vram__result_begin(r, n_gpu, 1, n_gpu, (uint32_t)w->dp);

    /* context cells */
    uint64_t n_seq = vram__cfg_isset(c, VRAM__C_N_SEQ) ? cu[VRAM__C_N_SEQ] : w->batch;
    uint64_t n_ctx = vram__cfg_isset(c, VRAM__C_N_CTX) ? cu[VRAM__C_N_CTX]
                                                      : vram__sat_mul(w->seq, n_seq, &ovf);
    uint64_t n_ubatch = vram__min(cu[VRAM__C_N_UBATCH], cu[VRAM__C_N_BATCH]);
    bool unified = cu[VRAM__C_KV_UNIFIED] != 0;
    n_ctx = vram__round_up(n_ctx, 256);
    uint64_t ctx_stream = n_ctx;
    uint64_t streams = 1;
    if (!unified && n_seq > 1) {
        ctx_stream = vram__round_up(n_ctx / n_seq, 256);
        if (ctx_stream == 0)
            return vram__fail(VRAM_E_RANGE, "n_ctx %llu / n_seq %llu leaves no cells per sequence",
                              (unsigned long long)n_ctx, (unsigned long long)n_seq);
        n_ctx = ctx_stream * n_seq;
        streams = n_seq;
    }
    uint64_t swa_stream = ctx_stream;
    uint64_t window = m->v[VRAM__M_SLIDING_WINDOW];
    if (window && !cu[VRAM__C_SWA_FULL])
        swa_stream = vram__min(ctx_stream,
                               vram__round_up(window * (unified ? n_seq : 1) + n_ubatch, 256));

    /* KV row bytes per cell and layer */
    vram_dtype tk = cu[VRAM__C_TYPE_K] ? (vram_dtype)cu[VRAM__C_TYPE_K] : VRAM_DTYPE_F16;
    vram_dtype tv = cu[VRAM__C_TYPE_V] ? (vram_dtype)cu[VRAM__C_TYPE_V] : VRAM_DTYPE_F16;
    if (!cu[VRAM__C_FLASH_ATTN] && tv != VRAM_DTYPE_F16 && tv != VRAM_DTYPE_F32 &&
        tv != VRAM_DTYPE_BF16)
        return vram__fail(VRAM_E_UNSUPPORTED, "llama.cpp needs flash_attn for a quantized V "
                          "cache (type_v %s)", vram__enum_str(&vram__enum_dtype, tv));
    uint64_t kv_cell;
    if (m->mla)
        kv_cell = row_bytes(tk, m->kv_k_dim, &ovf);
    else
        kv_cell = vram__sat_add(row_bytes(tk, m->kv_heads * m->kv_k_dim, &ovf),
                                row_bytes(tv, m->kv_heads * m->kv_v_dim, &ovf), &ovf);

    /* layer placement */
    uint64_t ngl = vram__cfg_isset(c, VRAM__C_NGL) ? cu[VRAM__C_NGL] : L + 1;
    uint64_t gpu_start = ngl >= L ? 0 : L - ngl;
    bool output_gpu = ngl > L;
    uint32_t ft = work_ftype(w);

    uint64_t host_model = 0, host_kv = 0;
    uint64_t gpu_model[VRAM__MAX_STAGES], gpu_kv[VRAM__MAX_STAGES];
    uint32_t gpu_layers[VRAM__MAX_STAGES];
    for (uint32_t g = 0; g < n_gpu; g++) { /* only the devices in use */
        gpu_model[g] = gpu_kv[g] = 0;
        gpu_layers[g] = 0;
    }
    uint64_t embed = w->use_file_bytes ? m->file.embed_bytes : gguf_embed_bytes(m, ft, &ovf);
    host_model = embed; /* the input layer stays on the CPU */
    uint64_t output = w->use_file_bytes ? m->file.output_bytes + m->file.other_bytes
                                        : gguf_output_bytes(m, ft, &ovf);
    if (output_gpu)
        gpu_model[n_gpu - 1] = vram__sat_add(gpu_model[n_gpu - 1], output, &ovf);
    else
        host_model = vram__sat_add(host_model, output, &ovf);
    uint64_t class_bytes[64];
    uint64_t class_known = 0;
    for (uint64_t il = 0; il < L; il++) {
        uint64_t lb;
        if (w->use_file_bytes) {
            lb = m->file.layer_bytes[il];
        } else {
            unsigned k = layer_class(m, il, L);
            if (!(class_known >> k & 1u) || w->no_shortcuts) {
                class_bytes[k] = preset_layer(m, ft, il, &ovf);
                class_known |= UINT64_C(1) << k;
            }
            lb = class_bytes[k];
        }
        uint64_t cells = vram__bit(m->sliding, (uint32_t)il) ? swa_stream : ctx_stream;
        uint64_t kv = vram__sat_mul(vram__sat_mul(cells, streams, &ovf), kv_cell, &ovf);
        if (il >= gpu_start) {
            uint32_t d = n_gpu == 1 ? 0 : layer_device(il - gpu_start, L - gpu_start, n_gpu);
            gpu_model[d] = vram__sat_add(gpu_model[d], lb, &ovf);
            gpu_kv[d] = vram__sat_add(gpu_kv[d], kv, &ovf);
            gpu_layers[d]++;
        } else {
            host_model = vram__sat_add(host_model, lb, &ovf);
            host_kv = vram__sat_add(host_kv, kv, &ovf);
        }
    }

    /* compute buffers: the largest set of f32 tensors alive at once */
    bool fa = cu[VRAM__C_FLASH_ATTN] != 0;
    uint64_t u = n_ubatch, n_kv = unified ? n_ctx : ctx_stream;
    uint64_t d = m->head_dim;
    uint64_t attn_pt = fa ? vram__sat_mul(u, 2 * a * d * 4 + 3 * h * 4, &ovf) +
                                vram__sat_mul(vram__sat_mul(n_kv, u, &ovf), 2, &ovf)
                          : vram__sat_add(vram__sat_mul(vram__sat_mul(n_kv, u, &ovf), (a + 1) * 4, &ovf),
                                          vram__sat_mul(u, 3 * h * 4, &ovf), &ovf);
    uint64_t I = m->v[VRAM__M_INTERMEDIATE];
    uint64_t ffn_pt = m->n_moe < L ? vram__sat_mul(u, (3 * I + h) * 4, &ovf) : 0;
    if (m->n_moe) {
        uint64_t Im = m->v[VRAM__M_MOE_INTERMEDIATE] ? m->v[VRAM__M_MOE_INTERMEDIATE] : I;
        uint64_t e = m->v[VRAM__M_EXPERTS_PER_TOKEN], E = m->v[VRAM__M_EXPERTS];
        ffn_pt = vram__max(ffn_pt, vram__sat_mul(u, (E + e * (2 * Im + h) + h) * 4, &ovf));
    }
    uint64_t logits_pt = vram__sat_mul(u, (V + h) * 4, &ovf);

    uint64_t host_compute = vram__sat_add(vram__sat_mul(u, h * 4, &ovf),
                                          vram__sat_mul(vram__sat_mul(n_kv, u, &ovf), 4, &ovf), &ovf);
    uint64_t host_output = vram__sat_mul(vram__sat_mul(V, n_seq, &ovf), 4, &ovf);
    uint64_t gpu_compute_total = 0, gpu_model_total = 0, gpu_kv_total = 0;

    for (uint32_t s = 0; s < n_gpu; s++) {
        bool has_layers = gpu_model[s] > 0 || gpu_kv[s] > 0;
        uint64_t comp = has_layers ? vram__max(attn_pt, ffn_pt) : 0;
        if (s + 1 == n_gpu && output_gpu)
            comp = vram__max(comp, logits_pt);
        vram__part(r, s, VRAM_PART_WEIGHTS, gpu_model[s], gpu_model[s], gpu_model[s],
                   w->use_file_bytes ? VRAM_KIND_EXACT : VRAM_KIND_EXACT);
        vram__part(r, s, VRAM_PART_KV_CACHE, gpu_kv[s], gpu_kv[s], gpu_kv[s], VRAM_KIND_EXACT);
        vram__part(r, s, VRAM_PART_ACTIVATIONS, comp, comp / 10 * 9, comp / 10 * 12,
                   VRAM_KIND_MODELLED);
        vram__runtime_parts(c, w, r, s, false, &ovf);
        gpu_compute_total = vram__sat_add(gpu_compute_total, comp, &ovf);
        gpu_model_total = vram__sat_add(gpu_model_total, gpu_model[s], &ovf);
        gpu_kv_total = vram__sat_add(gpu_kv_total, gpu_kv[s], &ovf);
    }
    if (!w->use_file_bytes && (w->fmt.quant == VRAM_QUANT_GGUF || w->fmt.quant == VRAM_QUANT_MXFP4))
        r->u[VRAM__R_WARNINGS] |= VRAM_WARN_QUANT_APPROXIMATE;

    uint64_t host = vram__sat_add(vram__sat_add(host_model, host_kv, &ovf),
                                  vram__sat_add(host_compute, host_output, &ovf), &ovf);
    r->u[VRAM__R_HOST] = host;
    if (gpu_start > 0 || !output_gpu)
        r->u[VRAM__R_WARNINGS] |= VRAM_WARN_HOST_MEMORY;
    r->u[VRAM__R_LLAMA_MODEL] = gpu_model_total;
    /* every tensor of the file, on a GPU or in host memory (weight_bits) */
    r->u[VRAM__R_WEIGHT_BYTES] = vram__sat_add(gpu_model_total, host_model, &ovf);
    r->u[VRAM__R_LLAMA_KV] = gpu_kv_total;
    r->u[VRAM__R_LLAMA_COMPUTE] = gpu_compute_total;
    r->u[VRAM__R_LLAMA_HOST] = host;
    r->u[VRAM__R_LLAMA_NCTX] = n_ctx;
    uint32_t most = 0; /* one device's share: the GPU with the most layers */
    for (uint32_t g = 0; g < n_gpu; g++)
        most = gpu_layers[g] > most ? gpu_layers[g] : most;
    r->u[VRAM__R_KV_PER_TOKEN] = vram__sat_mul(kv_cell, most, &ovf);
    vram__work w2 = *w;
    w2.kv_dtype = tk;
    return vram__finish(m, &w2, r, ovf);
}
