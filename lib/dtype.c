/*
 * dtype.c - element types and weight formats: bits per value, block and
 * group metadata, exact bytes of one linear module in every format.
 *
 * Sources (read, then written in our own words):
 *  - ggml block sizes: ggml-org/llama.cpp ggml/src/ggml-common.h (block_q4_0
 *    ... block_iq4_xs, block_tq1_0, block_mxfp4 and their static_asserts) and
 *    the type numbering of ggml/include/ggml.h (enum ggml_type).
 *  - GPTQ: AutoGPTQ / transformers GPTQ QuantLinear buffers qweight
 *    [in*b/32, out] int32, qzeros [in/g, out*b/32] int32, scales [in/g, out]
 *    fp16, g_idx [in] int32.
 *  - AWQ: casper-hansen/AutoAWQ WQLinear_GEMM: qweight [in, out*b/32] int32,
 *    qzeros [in/g, out*b/32] int32, scales [in/g, out] fp16.
 *  - compressed-tensors pack-quantized: weight_packed [out, in*b/32] int32,
 *    weight_scale [out, in/g] 16-bit, weight_shape [2] int64; symmetric
 *    schemes have no zero point.
 *  - bitsandbytes 4-bit (bitsandbytes/functional.py quantize_4bit and
 *    quantize_blockwise): packed uint8 ceil(n/2); fp32 absmax per 64 values;
 *    a 16-entry fp32 code per tensor; with compress_statistics the absmax is
 *    uint8 with an fp32 offset, an fp32 absmax per 256 blocks and a copied
 *    256-entry fp32 dynamic code (copy=True in quantize_blockwise).
 *  - bitsandbytes LLM.int8 (Int8Params): CB int8 [out, in] + SCB fp32 [out].
 *  - fp8: vLLM Fp8LinearMethod: e4m3 weights, fp32 weight_scale per tensor
 *    (+ fp32 input_scale); block-quantized checkpoints (DeepSeek V3, Qwen3
 *    FP8) keep weight_scale_inv [ceil(out/n), ceil(in/n)] fp32.
 *  - mxfp4 (OCP Microscaling v1.0; gpt-oss "_blocks" and "_scales" tensors):
 *    4-bit values, one E8M0 byte per 32.
 */
#include "vram_private.h"

/* ------------------------------------------------------------------ dtypes */

const vram__dtype_info vram__dtype_table[VRAM__DTYPE_COUNT] = {
    [VRAM_DTYPE_AUTO] = {"auto", 1, 0, 0, false},
    [VRAM_DTYPE_F32] = {"float32", 1, 4, 64, true},
    [VRAM_DTYPE_F16] = {"float16", 1, 2, 32, true},
    [VRAM_DTYPE_BF16] = {"bfloat16", 1, 2, 32, true},
    [VRAM_DTYPE_FP8_E4M3] = {"fp8_e4m3", 1, 1, 16, false},
    [VRAM_DTYPE_FP8_E5M2] = {"fp8_e5m2", 1, 1, 16, false},
    [VRAM_DTYPE_INT8] = {"int8", 1, 1, 16, false},
    [VRAM_DTYPE_INT4] = {"int4", 2, 1, 8, false},
    [VRAM_DTYPE_Q8_0] = {"q8_0", 32, 34, 17, false},
    [VRAM_DTYPE_Q4_0] = {"q4_0", 32, 18, 9, false},
    [VRAM_DTYPE_Q4_1] = {"q4_1", 32, 20, 10, false},
    [VRAM_DTYPE_Q5_0] = {"q5_0", 32, 22, 11, false},
    [VRAM_DTYPE_Q5_1] = {"q5_1", 32, 24, 12, false},
    [VRAM_DTYPE_IQ4_NL] = {"iq4_nl", 32, 18, 9, false},
};

const vram__dtype_info *vram__dtype(vram_dtype t)
{
    if ((unsigned)t >= VRAM__DTYPE_COUNT || t == VRAM_DTYPE_AUTO)
        return NULL;
    return &vram__dtype_table[t];
}

bool vram__dtype_bytes(vram_dtype t, uint64_t n, uint64_t *out)
{
    const vram__dtype_info *d = vram__dtype(t);
    if (!d)
        return false;
    return vram__mul(vram__ceil_div(n, d->block_values), d->block_bytes, out);
}

/* -------------------------------------------------------------- ggml types */

/* Indexed by ggml_type; {NULL} rows are removed or unknown types. */
static const vram__ggml_type_info ggml_table[] = {
    [0] = {"F32", 1, 4},       [1] = {"F16", 1, 2},       [2] = {"Q4_0", 32, 18},
    [3] = {"Q4_1", 32, 20},    [6] = {"Q5_0", 32, 22},    [7] = {"Q5_1", 32, 24},
    [8] = {"Q8_0", 32, 34},    [9] = {"Q8_1", 32, 36},    [10] = {"Q2_K", 256, 84},
    [11] = {"Q3_K", 256, 110}, [12] = {"Q4_K", 256, 144}, [13] = {"Q5_K", 256, 176},
    [14] = {"Q6_K", 256, 210}, [15] = {"Q8_K", 256, 292}, [16] = {"IQ2_XXS", 256, 66},
    [17] = {"IQ2_XS", 256, 74},[18] = {"IQ3_XXS", 256, 98},[19] = {"IQ1_S", 256, 50},
    [20] = {"IQ4_NL", 32, 18}, [21] = {"IQ3_S", 256, 110},[22] = {"IQ2_S", 256, 82},
    [23] = {"IQ4_XS", 256, 136},[24] = {"I8", 1, 1},      [25] = {"I16", 1, 2},
    [26] = {"I32", 1, 4},      [27] = {"I64", 1, 8},      [28] = {"F64", 1, 8},
    [29] = {"IQ1_M", 256, 56}, [30] = {"BF16", 1, 2},     [34] = {"TQ1_0", 256, 54},
    [35] = {"TQ2_0", 256, 66}, [39] = {"MXFP4", 32, 17},  [40] = {"NVFP4", 64, 36},
};

const vram__ggml_type_info *vram__ggml_type(uint32_t type)
{
    if (type >= sizeof ggml_table / sizeof ggml_table[0] || !ggml_table[type].name)
        return NULL;
    return &ggml_table[type];
}

bool vram__ggml_bytes(uint32_t type, uint64_t n, uint64_t *out)
{
    const vram__ggml_type_info *t = vram__ggml_type(type);
    if (!t || n % t->block_values != 0)
        return false;
    return vram__mul(n / t->block_values, t->block_bytes, out);
}

/* ---------------------------------------------------------- weight formats */

bool vram__format_quantizes(const vram__format *f, const vram__linear *l)
{
    switch (f->quant) {
    case VRAM_QUANT_NONE:
        return false;
    case VRAM_QUANT_MXFP4:
        /* gpt-oss quantizes the routed experts only (config modules_to_not_convert). */
        return l->expert;
    case VRAM_QUANT_BNB_NF4:
    case VRAM_QUANT_BNB_FP4:
    case VRAM_QUANT_BNB_INT8:
        /* transformers replace_with_bnb_linear swaps every nn.Linear, routers included. */
        return true;
    default:
        /* GPTQ, AWQ, compressed-tensors, fp8, gguf: the block's projections, not the router. */
        return l->role != VRAM__R_ROUTER && l->role != VRAM__R_SH_EXPERT_GATE;
    }
}

/* bitsandbytes 4-bit bytes of n values (see the header comment). */
static bool bnb4_bytes(uint64_t n, bool dq, vram__lin_bytes *b)
{
    uint64_t nb = vram__ceil_div(n, 64);
    b->weight = vram__ceil_div(n, 2);
    if (!dq)
        return vram__mul(nb, 4, &b->meta) && vram__add(b->meta, 64, &b->meta);
    /* uint8 absmax + fp32 absmax per 256 blocks + fp32 offset + 16-entry code
     * + the 256-entry nested code copied per tensor */
    b->meta = nb + 4 * vram__ceil_div(nb, 256) + 4 + 64 + 1024;
    return true;
}

bool vram__linear_bytes(const vram__format *f, bool quantized, uint64_t in, uint64_t out,
                        vram__lin_bytes *b)
{
    uint64_t n, g, groups, t;
    b->weight = b->meta = 0;
    if (!vram__mul(in, out, &n))
        return false;
    if (!quantized)
        return vram__dtype_bytes(f->dtype, n, &b->weight);

    g = f->group == VRAM_GROUP_PER_CHANNEL || f->group == 0 ? in : f->group;
    groups = vram__ceil_div(in, g);
    switch (f->quant) {
    case VRAM_QUANT_GPTQ:
        /* qweight ceil(in*b/32) x out int32 */
        if (!vram__mul3(vram__ceil_div(in * f->bits, 32), out, 4, &b->weight))
            return false;
        /* qzeros groups x ceil(out*b/32) int32 + scales groups x out fp16 + g_idx in int32 */
        b->meta = groups * vram__ceil_div(out * f->bits, 32) * 4;
        return vram__mul3(groups, out, 2, &t) && vram__add(b->meta, t, &b->meta) &&
               vram__add(b->meta, in * 4, &b->meta);
    case VRAM_QUANT_AWQ:
        if (!vram__mul3(in, vram__ceil_div(out * f->bits, 32), 4, &b->weight))
            return false;
        b->meta = groups * vram__ceil_div(out * f->bits, 32) * 4;
        return vram__mul3(groups, out, 2, &t) && vram__add(b->meta, t, &b->meta);
    case VRAM_QUANT_INT:
        if (!vram__mul3(out, vram__ceil_div(in * f->bits, 32), 4, &b->weight))
            return false;
        return vram__mul3(out, groups, 2, &b->meta) && vram__add(b->meta, 16, &b->meta);
    case VRAM_QUANT_BNB_NF4:
    case VRAM_QUANT_BNB_FP4:
        return bnb4_bytes(n, f->double_quant, b);
    case VRAM_QUANT_BNB_INT8:
        b->weight = n;
        return vram__mul(out, 4, &b->meta);
    case VRAM_QUANT_FP8:
        b->weight = n;
        if (f->block)
            return vram__mul3(vram__ceil_div(out, f->block), vram__ceil_div(in, f->block), 4,
                              &b->meta);
        b->meta = 8; /* fp32 weight_scale + fp32 input_scale */
        return true;
    case VRAM_QUANT_MXFP4:
        b->weight = vram__ceil_div(n, 2);
        b->meta = vram__ceil_div(n, 32);
        return true;
    case VRAM_QUANT_GGUF: {
        /* The llama.cpp engine prices GGUF tensors type by type (engines.c);
         * elsewhere a GGUF preset is priced at its dominant block type. */
        static const uint32_t main_type[] = {
            [VRAM_GGUF_F32] = 0, [VRAM_GGUF_F16] = 1, [VRAM_GGUF_Q4_0] = 2,
            [VRAM_GGUF_Q4_1] = 3, [VRAM_GGUF_Q8_0] = 8, [VRAM_GGUF_Q5_0] = 6,
            [VRAM_GGUF_Q5_1] = 7, [VRAM_GGUF_Q2_K] = 10, [VRAM_GGUF_Q3_K_S] = 11,
            [VRAM_GGUF_Q3_K_M] = 11, [VRAM_GGUF_Q3_K_L] = 11, [VRAM_GGUF_Q4_K_S] = 12,
            [VRAM_GGUF_Q4_K_M] = 12, [VRAM_GGUF_Q5_K_S] = 13, [VRAM_GGUF_Q5_K_M] = 13,
            [VRAM_GGUF_Q6_K] = 14, [VRAM_GGUF_IQ4_NL] = 20, [VRAM_GGUF_IQ4_XS] = 23,
            [VRAM_GGUF_BF16] = 30,
        };
        uint32_t ty = f->gguf_ftype < sizeof main_type / sizeof main_type[0]
                          ? main_type[f->gguf_ftype] : 12;
        const vram__ggml_type_info *ti = vram__ggml_type(ty);
        /* rows of `in` values, each padded to whole blocks */
        return vram__mul3(out, vram__ceil_div(in, ti->block_values), ti->block_bytes, &b->weight);
    }
    default:
        return vram__dtype_bytes(f->dtype, n, &b->weight);
    }
}
