/*
 * kv.c - KV cache bytes (DESIGN.md section 4.3), exact.
 *
 * Per token and layer a global-attention layer stores K and V rows of
 * kv_heads x head_dim values (K and V head dims may differ); a sliding-window
 * layer stores at most `window` tokens; multi-head latent attention stores
 * the compressed latent and the shared rotary key, kv_lora_rank +
 * qk_rope_head_dim values, with no separate V (vLLM MLAAttentionSpec,
 * vllm/v1/kv_cache_interface.py; llama.cpp deepseek2 with
 * n_embd_head_k_mla). Hugging Face transformers' DeepseekV3Attention caches
 * the expanded per-head keys (nope + rope) and values instead, so that engine
 * is priced on the expanded shapes. Block types (q8_0, q4_0, ...) are priced
 * per row in whole ggml blocks (llama.cpp ggml_row_size()).
 */
#include "vram_private.h"

/* Bytes of one row of n values of the KV dtype. */
static uint64_t row_bytes(vram_dtype t, uint64_t n, bool *ovf)
{
    uint64_t b;
    if (!vram__dtype_bytes(t, n, &b)) {
        *ovf = true;
        return UINT64_MAX;
    }
    return b;
}

uint64_t vram__kv_token_layer_bytes(const vram_model *m, const vram__work *w, bool *ovf)
{
    if (m->mla) {
        if (w->engine == VRAM_ENGINE_TRANSFORMERS) {
            /* expanded: K = heads x (nope + rope), V = heads x v_head_dim */
            uint64_t heads = vram__ceil_div(m->v[VRAM__M_HEADS], w->tp);
            return vram__sat_add(row_bytes(w->kv_dtype, heads * m->head_dim, ovf),
                                 row_bytes(w->kv_dtype, heads * m->v_head_dim, ovf), ovf);
        }
        return row_bytes(w->kv_dtype, m->kv_k_dim, ovf); /* latent, replicated over TP */
    }
    uint64_t k = w->kv_heads_rank;
    return vram__sat_add(row_bytes(w->kv_dtype, k * m->kv_k_dim, ovf),
                         row_bytes(w->kv_dtype, k * m->kv_v_dim, ovf), ovf);
}

uint64_t vram__kv_bytes(const vram_model *m, const vram__work *w, uint32_t l0, uint32_t l1,
                        uint64_t seqs, uint64_t ctx, bool *ovf)
{
    uint64_t per = vram__kv_token_layer_bytes(m, w, ovf);
    uint32_t n_slide = vram__sliding_layers(m, l0, l1);
    uint32_t n_full = (l1 - l0) - n_slide;
    uint64_t window = m->v[VRAM__M_SLIDING_WINDOW];
    uint64_t slide_ctx = window && window < ctx ? window : ctx;
    uint64_t tokens = vram__sat_add(vram__sat_mul(n_full, ctx, ovf),
                                    vram__sat_mul(n_slide, slide_ctx, ovf), ovf);
    return vram__sat_mul(vram__sat_mul(tokens, per, ovf), seqs, ovf);
}

uint64_t vram__kv_token_device_bytes(const vram_model *m, const vram__work *w, bool *ovf)
{
    uint32_t most = 0;
    for (uint32_t s = 0; s < w->pp; s++) {
        uint32_t l0, l1;
        vram__stage_layers(m, w->pp, s, &l0, &l1);
        most = l1 - l0 > most ? l1 - l0 : most;
    }
    return vram__sat_mul(vram__kv_token_layer_bytes(m, w, ovf), most, ovf);
}
