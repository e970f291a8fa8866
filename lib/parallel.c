/*
 * parallel.c - how the model is split over devices (DESIGN.md section 4.6):
 * pipeline stages (layer ranges), tensor parallelism (column/row splits,
 * vocab-parallel embeddings, KV heads replicated when tp > kv heads) and
 * expert parallelism, applied to the exact bytes of every tensor.
 *
 * Layer ranges follow vLLM's get_pp_indices (vllm/distributed/utils.py):
 * L // pp layers per stage, the remainder added to the stages just before
 * the last one. Tensor-parallel shapes follow vLLM's ColumnParallelLinear /
 * RowParallelLinear / QKVParallelLinear / VocabParallelEmbedding
 * (vllm/model_executor/layers/linear.py, vocab_parallel_embedding.py):
 * column layers divide output features, row layers input features, and
 * when tp exceeds the KV heads each rank keeps one replicated KV head.
 */
#include "vram_private.h"

void vram__stage_layers(const vram_model *m, uint64_t pp, uint32_t s, uint32_t *l0, uint32_t *l1)
{
    uint32_t L = (uint32_t)m->v[VRAM__M_NUM_LAYERS];
    uint32_t P = (uint32_t)pp;
    if (P == 1) {
        *l0 = 0;
        *l1 = L;
        return;
    }
    uint32_t per = L / P, rem = L % P;
    /* stage i holds per layers, plus one when P-1-rem <= i <= P-2 */
    uint32_t start = 0;
    for (uint32_t i = 0; i < s; i++)
        start += per + (rem && i + 1 + rem >= P && i + 1 < P ? 1u : 0u);
    *l0 = start;
    *l1 = start + per + (rem && s + 1 + rem >= P && s + 1 < P ? 1u : 0u);
}

/* Output/input features of a linear on one tensor-parallel rank. */
static void rank_shape(const vram__linear *l, const vram__work *w, const vram_model *m,
                       uint64_t *in, uint64_t *out, uint64_t *count)
{
    *in = l->in;
    *out = l->out;
    *count = l->count;
    bool experts_by_ep = l->expert && w->ep > 1;
    if (l->expert)
        *count = vram__ceil_div(l->count, w->ep);
    if (w->tp == 1 || experts_by_ep)
        return;
    switch (l->split) {
    case VRAM__SPLIT_COL:
        if (l->kv)
            *out = w->kv_heads_rank * (l->role == VRAM__R_V ? m->v_head_dim : m->head_dim);
        else if (l->role == VRAM__R_QKV)
            *out = m->q_width / w->tp + w->kv_heads_rank * (m->head_dim + m->v_head_dim);
        else
            *out = vram__ceil_div(l->out, w->tp);
        break;
    case VRAM__SPLIT_ROW:
        *in = vram__ceil_div(l->in, w->tp);
        break;
    default:
        break;
    }
}

/* Bytes of one layer kind's linear set on one rank; adds to out. */
static void price_set(const vram__lin_set *s, const vram_model *m, const vram__work *w,
                      uint64_t nlayers, vram__wbytes *out)
{
    uint32_t cb = vram__dtype_size(w->fmt.dtype);
    for (uint32_t i = 0; i < s->n; i++) {
        const vram__linear *l = &s->lin[i];
        uint64_t in, o, cnt;
        vram__lin_bytes lb;
        rank_shape(l, w, m, &in, &o, &cnt);
        bool q = vram__format_quantizes(&w->fmt, l);
        if (!vram__linear_bytes(&w->fmt, q, in, o, &lb)) {
            out->ovf = true;
            return;
        }
        uint64_t per = vram__sat_mul(cnt, nlayers, &out->ovf);
        out->weights = vram__sat_add(out->weights, vram__sat_mul(lb.weight, per, &out->ovf), &out->ovf);
        out->meta = vram__sat_add(out->meta, vram__sat_mul(lb.meta, per, &out->ovf), &out->ovf);
        if (l->bias) {
            /* row-parallel biases are replicated; column-parallel ones split */
            uint64_t bo = l->split == VRAM__SPLIT_ROW ? l->out : o;
            out->weights = vram__sat_add(out->weights,
                                         vram__sat_mul(vram__sat_mul(bo, cb, &out->ovf), per, &out->ovf),
                                         &out->ovf);
        }
        if (q && nlayers) {
            uint64_t deq = vram__sat_mul(vram__sat_mul(in, o, &out->ovf), cb, &out->ovf);
            if (deq > out->largest_linear)
                out->largest_linear = deq;
        }
    }
}

void vram__weights_stage(const vram_model *m, const vram__work *w, uint32_t l0, uint32_t l1,
                         bool first, bool last, vram__wbytes *out)
{
    out->weights = out->meta = out->largest_linear = 0;
    out->ovf = false;
    uint32_t cb = vram__dtype_size(w->fmt.dtype);
    uint64_t V = m->v[VRAM__M_VOCAB], h = m->v[VRAM__M_HIDDEN];

    if (w->use_file_bytes) {
        const vram__file_weights *f = &m->file;
        for (uint32_t i = l0; i < l1; i++)
            out->weights = vram__sat_add(out->weights, f->layer_bytes[i], &out->ovf);
        if (first)
            out->weights = vram__sat_add(out->weights, f->embed_bytes, &out->ovf);
        if (last)
            out->weights = vram__sat_add(out->weights, f->output_bytes + f->other_bytes, &out->ovf);
        if (last && !first && m->v[VRAM__M_TIE])
            out->weights = vram__sat_add(out->weights, f->embed_bytes, &out->ovf); /* tied copy */
        return;
    }

    uint32_t n_moe = vram__moe_layers(m, l0, l1);
    uint32_t n_dense = (l1 - l0) - n_moe;
    uint32_t n_all = l1 - l0;
    if (!w->no_shortcuts && w->fmt.quant == VRAM_QUANT_NONE && w->tp == 1 && w->ep == 1 && cb) {
        /* whole-byte dtype, nothing split or quantized: the sets' sums */
        vram__acc a = {0, false};
        vram__acc_add(&a, vram__sat_mul(m->attn.weight_params + m->attn.bias_params, n_all, &a.ovf));
        vram__acc_add(&a, vram__sat_mul(m->dense.weight_params + m->dense.bias_params, n_dense, &a.ovf));
        vram__acc_add(&a, vram__sat_mul(m->moe_mlp.weight_params + m->moe_mlp.bias_params, n_moe, &a.ovf));
        out->weights = vram__sat_mul(a.v, cb, &out->ovf);
        out->ovf |= a.ovf;
    } else if (!w->no_shortcuts && w->tp == 1 && w->ep == 1 &&
               (w->fmt.quant == VRAM_QUANT_BNB_NF4 || w->fmt.quant == VRAM_QUANT_BNB_FP4) &&
               m->attn.bnb4_ok && m->dense.bnb4_ok && m->moe_mlp.bnb4_ok) {
        /* bitsandbytes 4-bit, nothing split: every linear is quantized
         * (vram__format_quantizes), so the sets' precomputed sums */
        const vram__lin_set *sets[3] = {&m->attn, &m->dense, &m->moe_mlp};
        const uint64_t nl[3] = {n_all, n_dense, n_moe};
        vram__acc wt = {0, false}, mt = {0, false};
        for (int k = 0; k < 3; k++) {
            if (!nl[k] || !sets[k]->n)
                continue;
            const vram__lin_set *st = sets[k];
            uint64_t meta = w->fmt.double_quant ? st->bnb4_meta_dq : st->bnb4_meta;
            vram__acc_add(&wt, vram__sat_mul(st->bnb4_weight, nl[k], &wt.ovf));
            vram__acc_add(&wt, vram__sat_mul(vram__sat_mul(st->bias_params, cb, &wt.ovf), nl[k],
                                             &wt.ovf));
            vram__acc_add(&mt, vram__sat_mul(meta, nl[k], &mt.ovf));
            out->largest_linear = vram__max(out->largest_linear,
                                            vram__sat_mul(st->largest_params, cb, &out->ovf));
        }
        out->weights = wt.v;
        out->meta = mt.v;
        out->ovf |= wt.ovf || mt.ovf;
    } else {
        price_set(&m->attn, m, w, n_all, out);
        price_set(&m->dense, m, w, n_dense, out);
        price_set(&m->moe_mlp, m, w, n_moe, out);
    }

    /* norms, q/k norms, sinks, MLA norms, router score biases: replicated, compute dtype */
    uint64_t small = vram__sat_mul(n_all, m->layer_norm_params + m->attn_extra_params, &out->ovf);
    small = vram__sat_add(small, vram__sat_mul(n_moe, m->moe_extra_params, &out->ovf), &out->ovf);
    out->weights = vram__sat_add(out->weights, vram__sat_mul(small, cb, &out->ovf), &out->ovf);

    /* vocab-parallel embedding and LM head */
    uint64_t v_rank = vram__ceil_div(V, w->tp);
    uint64_t emb = vram__sat_mul(vram__sat_mul(v_rank, h, &out->ovf), cb, &out->ovf);
    uint64_t pos = vram__sat_mul(vram__sat_mul(m->v[VRAM__M_LEARNED_POS], h, &out->ovf), cb, &out->ovf);
    if (first) {
        out->weights = vram__sat_add(out->weights, emb + pos, &out->ovf);
        out->weights = vram__sat_add(out->weights,
                                     vram__sat_mul(m->v[VRAM__M_EXTRA_PARAMS], cb, &out->ovf), &out->ovf);
    }
    if (last) {
        bool has_head = !m->v[VRAM__M_TIE] || !first; /* a tied head is a copy on a later stage */
        if (has_head) {
            if (w->fmt.quant_lm_head && w->fmt.quant != VRAM_QUANT_NONE) {
                vram__lin_bytes lb;
                if (!vram__linear_bytes(&w->fmt, true, h, v_rank, &lb))
                    out->ovf = true;
                out->weights = vram__sat_add(out->weights, lb.weight, &out->ovf);
                out->meta = vram__sat_add(out->meta, lb.meta, &out->ovf);
            } else {
                out->weights = vram__sat_add(out->weights, emb, &out->ovf);
            }
            if (m->v[VRAM__M_LM_HEAD_BIAS])
                out->weights = vram__sat_add(out->weights, vram__sat_mul(v_rank, cb, &out->ovf),
                                             &out->ovf);
        }
        out->weights = vram__sat_add(out->weights, vram__sat_mul(m->final_norm_params, cb, &out->ovf),
                                     &out->ovf);
    }

    /* A parameter count given without shapes (vram_model_from_param_count):
     * the difference to the shapes' count is priced as quantizable linears. */
    uint64_t want = m->v[VRAM__M_PARAMS_OVERRIDE];
    if (want && m->params_total && want != m->params_total && n_all) {
        uint64_t L = m->v[VRAM__M_NUM_LAYERS];
        bool up = want > m->params_total;
        uint64_t diff = up ? want - m->params_total : m->params_total - want;
        uint64_t share = vram__mul_div_up(diff, n_all, L * w->tp, &out->ovf);
        vram__lin_bytes lb;
        vram__linear_bytes(&w->fmt, w->fmt.quant != VRAM_QUANT_NONE, share, 1, &lb);
        uint64_t adj = lb.weight + lb.meta;
        out->weights = up ? vram__sat_add(out->weights, adj, &out->ovf)
                          : (out->weights > adj ? out->weights - adj : 0);
    }
}
