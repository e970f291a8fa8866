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

/* ------------------------------------------------------------- training */

/* Saved input bytes per token of the linears of one set in `group` that
 * read one tensor of width `in` (set index k: attention, dense, MoE). A
 * linear keeps its input when its weight trains (full fine-tuning) or a
 * LoRA adapter reads it. Autocast casts per op, so when the stream dtype
 * differs from the compute dtype every consumer keeps its own cast copy;
 * otherwise they share the tensor. LoRA adapters in another dtype than the
 * compute dtype keep a cast copy per adapted module (peft lora.Linear
 * _cast_input_dtype). */
static uint64_t input_saves(const vram__train *tr, unsigned k, uint32_t group, uint64_t in,
                            uint64_t stream_bytes, bool *shared)
{
    if (shared)
        *shared = false;
    unsigned consumers = vram__popcount(tr->needs_input[k] & group);
    if (!consumers)
        return 0;
    unsigned lora_copies = !tr->full && tr->lora_bytes != tr->c
                               ? vram__popcount(tr->adapted[k] & group) : 0;
    uint64_t per = in * tr->c;
    if (lora_copies)
        return per * lora_copies;
    if (stream_bytes != tr->c)
        return per * consumers;
    if (shared)
        *shared = true;
    return per;
}

/* Bytes per token saved by the LoRA adapters of a set: lora_B's input (r)
 * and, with lora_dropout, the dropped copy of the input and its mask. */
static uint64_t lora_saves(const vram__train *tr, const vram__lin_set *s, unsigned k, bool moe,
                           uint64_t e)
{
    uint64_t b = 0;
    if (tr->full || !tr->rank)
        return 0;
    for (uint32_t bits = tr->adapted[k]; bits; bits &= bits - 1) {
        const vram__linear *l = &s->lin[__builtin_ctz(bits)];
        /* routed experts see e tokens' worth per token on average */
        uint64_t mult = l->expert && moe ? e : 1;
        uint64_t per = tr->rank * tr->c;
        if (tr->lora_dropout)
            per += l->in * (tr->c + 1);
        if (tr->dora)
            per += 2 * l->out * tr->c; /* DoRA keeps the base and LoRA outputs (peft dora.py) */
        b += per * mult;
    }
    return b;
}

uint64_t vram__act_train_layer(const vram_model *m, const vram__work *w, const vram__train *tr,
                               bool moe, uint64_t micro, uint64_t seq, uint64_t *transient,
                               bool *ovf)
{
    widths x;
    rank_widths(m, w, &x);
    uint64_t c = tr->c, cr = tr->cr;
    uint64_t t = vram__sat_mul(micro, seq, ovf);
    uint64_t sp = tr->sp ? w->tp : 1;
    uint64_t per_tok = 0; /* bytes saved per token, summed below */
    bool rms = m->v[VRAM__M_NORM] == VRAM_NORM_RMS;
    uint64_t norms_per_layer = m->v[VRAM__M_NORMS_PER_LAYER];

    /* norms: HF RMSNorm keeps its fp32 input, and its pre-weight normalised
     * output when the weight trains; LayerNorm keeps its input and two fp32
     * statistics per token */
    uint64_t norm = rms ? x.h * 4 + (tr->full ? x.h * c : 0) : x.h * cr + 8;
    per_tok += vram__div(norms_per_layer * norm, sp);

    /* attention inputs, projections and the kernel's saved tensors */
    per_tok += vram__div(input_saves(tr, 0, m->attn.group[VRAM__G_QKV_IN], x.h, cr, NULL), sp);
    uint64_t qo = x.a * m->v_head_dim;
    bool eager = w->attn == VRAM_ATTN_EAGER;
    uint64_t kw = x.kw, vw = x.vw;
    if (eager && !m->mla && x.a > w->kv_heads_rank) {
        kw = x.a * m->kv_k_dim; /* repeat_kv expands K and V to every query head */
        vw = x.a * m->kv_v_dim;
    }
    per_tok += (x.qw + kw + vw) * c;             /* rotated q, k and v */
    if (!eager)
        per_tok += qo * c + x.a * 4;             /* kernel output + log-sum-exp per head */
    /* o_proj's input: SDPA and eager hand it a transposed contiguous copy;
     * flash-attention's output is already in place and shared */
    bool o_shared;
    uint64_t o_in = input_saves(tr, 0, m->attn.group[VRAM__G_O_IN], qo, c, &o_shared);
    if (!(w->attn == VRAM_ATTN_FLASH && o_shared))
        per_tok += o_in;
    if (tr->dropout)
        per_tok += vram__div(x.h, sp);                    /* residual dropout mask */

    /* MLP */
    bool gated = m->v[VRAM__M_MLP] == VRAM_MLP_GATED;
    if (!moe) {
        per_tok += vram__div(input_saves(tr, 1, m->dense.group[VRAM__G_MLP_IN], x.h, cr, NULL), sp);
        /* gated: gate output (act), act and up outputs (mul); plain: up output (act) */
        per_tok += (gated ? 3 : 1) * x.I * c;
        per_tok += input_saves(tr, 1, m->dense.group[VRAM__G_DOWN_IN], x.I, c, NULL);
        per_tok += lora_saves(tr, &m->dense, 1, false, 1);
    } else {
        uint64_t e = x.e;
        per_tok += vram__div(input_saves(tr, 2, m->moe_mlp.group[VRAM__G_MLP_IN], x.h, cr, NULL), sp);
        per_tok += x.E * 4;                      /* router probabilities, fp32 */
        /* each token runs e experts: its gathered input (when the experts
         * train), the expert MLP's saved tensors, the weighted output */
        bool experts_train = tr->full;
        for (uint32_t bits = tr->adapted[2]; bits; bits &= bits - 1)
            experts_train |= m->moe_mlp.lin[__builtin_ctz(bits)].expert;
        per_tok += e * ((experts_train ? x.h : 0) + (gated ? 3 : 1) * x.Im + x.h) * c;
        if (experts_train)
            per_tok += e * x.Im * c;             /* down projection input */
        if (x.Is) {
            per_tok += (gated ? 3 : 1) * x.Is * c;
            per_tok += input_saves(tr, 2, m->moe_mlp.group[VRAM__G_SH_DOWN_IN], x.Is, c, NULL);
        }
        per_tok += lora_saves(tr, &m->moe_mlp, 2, true, e);
    }
    per_tok += lora_saves(tr, &m->attn, 0, false, 1);
    if (tr->dropout)
        per_tok += vram__div(x.h, sp);                    /* MLP dropout mask */

    uint64_t saved = vram__sat_mul(t, per_tok, ovf);
    if (eager) {
        /* scores: softmax output (fp32 in Llama-style code, the compute dtype
         * in GPT-2's), its cast or dropped copy kept for the product with V */
        uint64_t sd = m->v[VRAM__M_FAMILY] == VRAM_FAMILY_GPT2 ? c : 4;
        uint64_t per_score = sd + (tr->dropout ? 1 + c : (sd != c ? c : 0));
        uint64_t s2 = vram__sat_mul(seq, seq, ovf);
        saved = vram__sat_add(saved, vram__sat_mul(vram__sat_mul(micro * x.a, s2, ovf), per_score, ovf), ovf);
    }
    /* working memory of one layer's backward: the gradients flowing through
     * the MLP (two widths) and the hidden state */
    uint64_t width = moe ? vram__max(x.Im * x.e, x.Is) : x.I;
    uint64_t tr_b = vram__sat_mul(t, (2 * width + 2 * x.h) * c, ovf);
    if (eager)
        tr_b = vram__sat_add(tr_b, vram__sat_mul(vram__sat_mul(micro * x.a, vram__sat_mul(seq, seq, ovf), ovf), 4, ovf), ovf);
    if (tr->dora) {
        /* DoRA builds lora_B @ lora_A and the adapted weight (out x in) to
         * take its column norms, one module at a time */
        uint64_t big = 0;
        const vram__lin_set *sets[2] = {&m->attn, moe ? &m->moe_mlp : &m->dense};
        const uint32_t masks[2] = {tr->adapted[0], tr->adapted[moe ? 2 : 1]};
        for (int k = 0; k < 2; k++)
            for (uint32_t bits = masks[k]; bits; bits &= bits - 1) {
                const vram__linear *l = &sets[k]->lin[__builtin_ctz(bits)];
                big = vram__max(big, l->in * l->out);
            }
        tr_b = vram__sat_add(tr_b, vram__sat_mul(big, 3 * tr->lora_bytes, ovf), ovf);
    }
    *transient = tr_b;
    return saved;
}
