/*
 * activations.c - activation and logits memory (DESIGN.md section 4.4),
 * modelled from what the framework keeps alive. doc/activations.md derives
 * every term; this file is its implementation.
 *
 * Inference: the transient peak of one layer's forward over t tokens, on top
 * of the residual stream. The layer's K and V are not counted here: they are
 * the KV cache. Training: in training.c via vram__act_train_layer().
 */
#include "vram_private.h"

/* Widths of one layer on one tensor-parallel rank. */
typedef struct widths {
    uint64_t h, qw, kw, vw, I, Im, Is, E, e, a;
} widths;

static void rank_widths(const vram_model *m, const vram__work *w, widths *x)
{
    uint64_t tp = w->tp;
    x->h = m->v[VRAM__M_HIDDEN];
    x->a = vram__ceil_div(m->v[VRAM__M_HEADS], tp);
    x->qw = vram__ceil_div(m->q_width, tp);
    if (m->mla) {
        x->kw = x->a * m->head_dim;   /* expanded per-head keys during attention */
        x->vw = x->a * m->v_head_dim;
    } else {
        x->kw = w->kv_heads_rank * m->kv_k_dim;
        x->vw = w->kv_heads_rank * m->kv_v_dim;
    }
    x->I = vram__ceil_div(m->v[VRAM__M_INTERMEDIATE], tp);
    uint64_t Im = m->v[VRAM__M_MOE_INTERMEDIATE] ? m->v[VRAM__M_MOE_INTERMEDIATE]
                                                  : m->v[VRAM__M_INTERMEDIATE];
    uint64_t Is = m->v[VRAM__M_SHARED_INTERMEDIATE]
                      ? m->v[VRAM__M_SHARED_INTERMEDIATE]
                      : Im * m->v[VRAM__M_SHARED_EXPERTS];
    x->Im = w->ep > 1 ? Im : vram__ceil_div(Im, tp);
    x->Is = vram__ceil_div(Is, tp);
    x->E = m->v[VRAM__M_EXPERTS];
    x->e = m->v[VRAM__M_EXPERTS_PER_TOKEN];
}

uint64_t vram__act_prefill(const vram_model *m, const vram__work *w, uint64_t tokens,
                           uint64_t seqs, uint64_t seq_tokens, bool *ovf, uint64_t *lo,
                           uint64_t *hi)
{
    widths x;
    rank_widths(m, w, &x);
    uint64_t c = vram__dtype_size(w->dtype);
    uint64_t t = tokens;

    /* residual stream: the layer input and the residual kept for the add */
    uint64_t base = vram__sat_mul(vram__sat_mul(2 * t, x.h, ovf), c, ovf);

    /* RMSNorm upcasts to fp32: fp32 copy, squared temporary, output */
    uint64_t per_tok_norm = m->v[VRAM__M_NORM] == VRAM_NORM_RMS ? x.h * (4 + 4 + c) : x.h * c;
    uint64_t norm = vram__sat_mul(t, per_tok_norm, ovf);

    /* attention: normed input, q, rotated q, pre-rotary k, attention output */
    uint64_t attn = vram__sat_mul(vram__sat_mul(t, x.h + 3 * x.qw + x.kw, ovf), c, ovf);
    if (w->attn == VRAM_ATTN_EAGER) {
        /* scores (c), fp32 softmax (4), cast back (c), and the 4-D causal mask (c) */
        uint64_t s2 = vram__sat_mul(seq_tokens, seq_tokens, ovf);
        uint64_t scores = vram__sat_mul(vram__sat_mul(seqs, x.a, ovf), s2, ovf);
        attn = vram__sat_add(attn, vram__sat_mul(scores, 4 + 2 * c, ovf), ovf);
        attn = vram__sat_add(attn, vram__sat_mul(vram__sat_mul(seqs, s2, ovf), c, ovf), ovf);
    }

    /* dense MLP: normed input, activation, up projection, their product */
    uint64_t mlp = 0;
    if (m->n_moe < m->v[VRAM__M_NUM_LAYERS])
        mlp = vram__sat_mul(vram__sat_mul(t, x.h + 3 * x.I, ovf), c, ovf);
    /* MoE: normed input, output accumulator, router logits and fp32 softmax,
     * one expert's tokens (t*e/E expected) through its MLP, shared experts */
    uint64_t moe = 0;
    if (m->n_moe > 0 && x.E > 0) {
        uint64_t te = vram__ceil_div(vram__sat_mul(t, x.e, ovf), x.E);
        moe = vram__sat_mul(vram__sat_mul(t, 2 * x.h, ovf), c, ovf);
        moe = vram__sat_add(moe, vram__sat_mul(vram__sat_mul(t, x.E, ovf), 4 + c, ovf), ovf);
        moe = vram__sat_add(moe, vram__sat_mul(vram__sat_mul(te, x.h + 3 * x.Im, ovf), c, ovf), ovf);
        moe = vram__sat_add(moe, vram__sat_mul(vram__sat_mul(t, 3 * x.Is, ovf), c, ovf), ovf);
    }

    uint64_t peak = vram__max(vram__max(norm, attn), vram__max(mlp, moe));
    uint64_t v = vram__sat_add(base, peak, ovf);
    *lo = vram__sat_add(base, peak / 4 * 3, ovf);
    *hi = vram__sat_add(base, vram__sat_add(peak, peak / 2, ovf), ovf);
    return v;
}

uint64_t vram__logits_infer(const vram_model *m, const vram__work *w, uint64_t rows, bool *ovf)
{
    /* the LM head output in the compute dtype, its fp32 copy, and the fp32
     * probabilities of sampling (transformers generate: logits[:, -1, :].float()) */
    uint64_t c = vram__dtype_size(w->dtype);
    uint64_t V = vram__ceil_div(m->v[VRAM__M_VOCAB], w->tp);
    return vram__sat_mul(vram__sat_mul(rows, V, ovf), c + 8, ovf);
}
