/**
 * @file vramest.h
 * @brief libvramest: how much GPU memory a large language model needs.
 *
 * libvramest answers three questions about a transformer language model
 * (see the manual, doc/mainpage.md):
 *
 *  1. How much GPU memory does a workload need, part by part, per device?
 *     The four workloads are inference (vram_estimate_inference()), full
 *     fine-tuning (vram_estimate_full_ft()), LoRA (vram_estimate_lora()) and
 *     QLoRA (vram_estimate_qlora()).
 *  2. Does it fit, and how? (the solvers, vram_solve_max_batch() and friends,
 *     and the GPU catalog, vram_gpu_find()).
 *  3. How does a given engine see it? (HF transformers, vLLM, llama.cpp;
 *     ::VRAM_CFG_ENGINE).
 *
 * @section conventions Conventions
 *  - Every memory quantity is a `uint64_t` count of **bytes**. GB means 10^9
 *    bytes and GiB 2^30 bytes; the library itself never divides.
 *  - Every fallible function returns a ::vram_status. ::VRAM_OK is 0. On
 *    failure, vram_last_error() holds a message for the calling thread that
 *    names the field and the bad value.
 *  - Objects are opaque handles with create/destroy pairs; destroy(NULL) is a
 *    no-op; constructors set `*out` to NULL on failure.
 *  - Settings are enum keys with typed setters and getters
 *    (vram_model_set_u64(), vram_config_set_f64(), ...). Every value is
 *    checked against its key's range when it is set; how keys combine (KV
 *    heads dividing the heads, tensor parallelism dividing both) is checked
 *    by vram_model_validate() and by every estimate. Enumerator values are
 *    part of the ABI and are never renumbered.
 *  - A result whose estimate failed holds no estimate: its getters return
 *    ::VRAM_E_RANGE until the next estimate succeeds.
 *
 * @section threads Thread safety
 * The library has no global mutable state and needs no initialisation.
 * Functions that take `const` handles may run concurrently on the same
 * handles from any number of threads (a scheduler may share one model and
 * one config between threads, each thread with its own ::vram_result).
 * A function that modifies a handle needs exclusive use of that handle.
 * The estimate functions and solvers do not allocate memory.
 */
#ifndef VRAMEST_H
#define VRAMEST_H

#include <stddef.h>
#include <stdint.h>

#include "vramest_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @cond INTERNAL */
#if defined(_WIN32) && defined(VRAM_BUILDING_LIBRARY)
#  define VRAM_API __declspec(dllexport)
#elif defined(_WIN32)
#  define VRAM_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define VRAM_API __attribute__((visibility("default")))
#else
#  define VRAM_API
#endif
/** @endcond */

/**
 * @defgroup version Version
 * @brief Which library is loaded.
 * @{
 */

/**
 * @brief Version of the library actually loaded, MAJOR*10000 + MINOR*100 + PATCH.
 *
 * Compare with ::VRAM_VERSION_NUMBER to detect a header/library mismatch.
 * @return The version number, e.g. 100 for 0.1.0.
 * @since 0.1
 */
VRAM_API unsigned vram_version_number(void);

/**
 * @brief Version of the library actually loaded, as a string.
 * @return A static string such as "0.1.0"; never NULL.
 * @since 0.1
 */
VRAM_API const char *vram_version_string(void);

/** @} */

/**
 * @defgroup errors Status codes and error messages
 * @brief Every fallible function returns a ::vram_status.
 * @{
 */

/**
 * @brief Result of a library call. Values are ABI: never renumbered or reused.
 * @since 0.1
 */
typedef enum vram_status {
    VRAM_OK = 0,                   /**< Success. */
    VRAM_E_INVALID_ARG = 1,        /**< A required pointer argument is NULL, or an argument is malformed. */
    VRAM_E_RANGE = 2,              /**< A value is outside its allowed range (zero, negative, NaN, too large). */
    VRAM_E_TYPE = 3,               /**< A key was used with the wrong typed accessor (u64 vs f64 vs string). */
    VRAM_E_UNKNOWN_KEY = 4,        /**< A key, part, enum value or name is unknown to this library version. */
    VRAM_E_OVERFLOW = 5,           /**< A result does not fit in 64 bits; no wrapped value is returned. */
    VRAM_E_NOMEM = 6,              /**< Memory allocation failed (only constructors and parsers allocate). */
    VRAM_E_UNSUPPORTED = 7,        /**< The combination of model, workload and engine is not supported. */
    VRAM_E_INCOMPLETE = 8,         /**< The model lacks a field the estimate needs (the message names it). */
    VRAM_E_PARSE = 9,              /**< A JSON, GGUF or safetensors document is malformed (the message gives the byte offset). */
    VRAM_E_IO = 10,                /**< A file could not be opened or read. */
    VRAM_E_NOT_FOUND = 11,         /**< An unknown preset, GPU or architecture name. */
    VRAM_E_BUFFER_TOO_SMALL = 12,  /**< The output buffer is too small; the needed size is reported. */
    VRAM_E_INCONSISTENT = 13,      /**< Fields contradict each other (e.g. heads do not divide the hidden size). */
    VRAM_E_DOES_NOT_FIT = 14,      /**< A solver found no value that fits the budget. */
    VRAM_E_LIMIT = 15,             /**< An input exceeds a documented limit (document size, nesting depth, layers). */
    VRAM_E_READ_ONLY = 16          /**< The key is derived by the library and cannot be set. */
} vram_status;

/**
 * @brief A static, human-readable description of a status code.
 * @param status Any value; unknown values give "unknown status".
 * @return A static string, never NULL.
 * @since 0.1
 */
VRAM_API const char *vram_strerror(vram_status status);

/**
 * @brief The enumerator name of a status code, e.g. "VRAM_E_RANGE".
 * @param status Any value; unknown values give "VRAM_E_UNKNOWN".
 * @return A static string, never NULL (the JSON API's `error.code`).
 * @since 0.1
 */
VRAM_API const char *vram_status_name(vram_status status);

/**
 * @brief The detail message of the last failure on the calling thread.
 *
 * The message names the field and the offending value, e.g.
 * "seq_len must be > 0, got 0". It is valid until the next failing call on
 * the same thread; successful calls do not clear it. Do not use it to decide
 * whether a call failed: the return code decides.
 * @return A thread-local string, never NULL (empty if nothing failed yet).
 * @since 0.1
 */
VRAM_API const char *vram_last_error(void);

/** @} */

/**
 * @defgroup enums Value enumerations
 * @brief Values of enum-valued keys. Each also has a string name accepted by
 * vram_model_set_str() / vram_config_set_str() and printed in JSON.
 * @{
 */

/** @brief The four workloads of the design card. @since 0.1 */
typedef enum vram_mode {
    VRAM_MODE_INFERENCE = 1,  /**< "inference": prefill + decode with a KV cache. */
    VRAM_MODE_FULL_FT = 2,    /**< "full_ft": every parameter trained. */
    VRAM_MODE_LORA = 3,       /**< "lora": frozen base, trained low-rank adapters. */
    VRAM_MODE_QLORA = 4       /**< "qlora": LoRA over a 4-bit quantized base. */
} vram_mode;

/** @brief Which engine's allocation rules to follow. @since 0.1 */
typedef enum vram_engine {
    VRAM_ENGINE_TRANSFORMERS = 1, /**< "transformers": Hugging Face transformers / PyTorch (the default). */
    VRAM_ENGINE_VLLM = 2,         /**< "vllm": vLLM V1 (inference only). */
    VRAM_ENGINE_LLAMA_CPP = 3     /**< "llama.cpp": llama.cpp / GGUF (inference only). */
} vram_engine;

/**
 * @brief Element types of weights, activations and the KV cache.
 *
 * The block types (Q8_0 ... IQ4_NL) are ggml's, used for llama.cpp's KV cache
 * (`--cache-type-k`), with their block metadata counted exactly.
 * @since 0.1
 */
typedef enum vram_dtype {
    VRAM_DTYPE_AUTO = 0,      /**< "auto": inherit (compute dtype from the checkpoint, KV dtype from the compute dtype). */
    VRAM_DTYPE_F32 = 1,       /**< "float32": 4 bytes. */
    VRAM_DTYPE_F16 = 2,       /**< "float16": 2 bytes. */
    VRAM_DTYPE_BF16 = 3,      /**< "bfloat16": 2 bytes. */
    VRAM_DTYPE_FP8_E4M3 = 4,  /**< "fp8_e4m3": 1 byte. */
    VRAM_DTYPE_FP8_E5M2 = 5,  /**< "fp8_e5m2": 1 byte. */
    VRAM_DTYPE_INT8 = 6,      /**< "int8": 1 byte. */
    VRAM_DTYPE_INT4 = 7,      /**< "int4": half a byte. */
    VRAM_DTYPE_Q8_0 = 8,      /**< "q8_0": ggml, 34 bytes per 32 values. */
    VRAM_DTYPE_Q4_0 = 9,      /**< "q4_0": ggml, 18 bytes per 32 values. */
    VRAM_DTYPE_Q4_1 = 10,     /**< "q4_1": ggml, 20 bytes per 32 values. */
    VRAM_DTYPE_Q5_0 = 11,     /**< "q5_0": ggml, 22 bytes per 32 values. */
    VRAM_DTYPE_Q5_1 = 12,     /**< "q5_1": ggml, 24 bytes per 32 values. */
    VRAM_DTYPE_IQ4_NL = 13    /**< "iq4_nl": ggml, 18 bytes per 32 values. */
} vram_dtype;

/**
 * @brief Weight storage formats (quantization methods).
 *
 * Each format keeps its metadata (scales, zero points, block statistics),
 * reported as ::VRAM_PART_QUANT_METADATA. Embeddings, the LM head and norms
 * stay in the compute dtype unless the format says otherwise.
 * @since 0.1
 */
typedef enum vram_quant {
    VRAM_QUANT_AUTO = 0,      /**< "auto" (config only): the checkpoint's own format. */
    VRAM_QUANT_NONE = 1,      /**< "none": unquantized, in the compute dtype. */
    VRAM_QUANT_GPTQ = 2,      /**< "gptq": b-bit packed int32 weights, fp16 scales, packed zeros, int32 g_idx per input row. */
    VRAM_QUANT_AWQ = 3,       /**< "awq": b-bit packed weights, fp16 scales, packed zeros per group. */
    VRAM_QUANT_BNB_NF4 = 4,   /**< "nf4": bitsandbytes 4-bit NormalFloat, fp32 absmax per 64 (double quant: 8-bit absmax + fp32 per 256 blocks). */
    VRAM_QUANT_BNB_FP4 = 5,   /**< "fp4": bitsandbytes 4-bit float, same block layout as NF4. */
    VRAM_QUANT_BNB_INT8 = 6,  /**< "int8": bitsandbytes LLM.int8(), int8 weights + fp32 scale per output row. */
    VRAM_QUANT_FP8 = 7,       /**< "fp8": fp8 e4m3 weights, fp32 scale per tensor, or per block with ::VRAM_MODEL_QUANT_BLOCK_SIZE. */
    VRAM_QUANT_MXFP4 = 8,     /**< "mxfp4": OCP MX fp4, 4 bits + one E8M0 byte per 32 values (gpt-oss: MoE experts only). */
    VRAM_QUANT_INT = 9,       /**< "int": symmetric b-bit integer weights with a 16-bit scale per group (compressed-tensors; the seed's Q8/Q4). */
    VRAM_QUANT_GGUF = 10      /**< "gguf": ggml block types, per tensor from a GGUF file or from a llama.cpp file-type preset. */
} vram_quant;

/**
 * @brief llama.cpp file types (`LLAMA_FTYPE_MOSTLY_*`), the GGUF presets.
 *
 * Values are llama.cpp's own (`include/llama.h`, `enum llama_ftype`).
 * @since 0.1
 */
typedef enum vram_gguf_ftype {
    VRAM_GGUF_F32 = 0,        /**< "F32" */
    VRAM_GGUF_F16 = 1,        /**< "F16" */
    VRAM_GGUF_Q4_0 = 2,       /**< "Q4_0" */
    VRAM_GGUF_Q4_1 = 3,       /**< "Q4_1" */
    VRAM_GGUF_Q8_0 = 7,       /**< "Q8_0" */
    VRAM_GGUF_Q5_0 = 8,       /**< "Q5_0" */
    VRAM_GGUF_Q5_1 = 9,       /**< "Q5_1" */
    VRAM_GGUF_Q2_K = 10,      /**< "Q2_K" */
    VRAM_GGUF_Q3_K_S = 11,    /**< "Q3_K_S" */
    VRAM_GGUF_Q3_K_M = 12,    /**< "Q3_K_M" */
    VRAM_GGUF_Q3_K_L = 13,    /**< "Q3_K_L" */
    VRAM_GGUF_Q4_K_S = 14,    /**< "Q4_K_S" */
    VRAM_GGUF_Q4_K_M = 15,    /**< "Q4_K_M" */
    VRAM_GGUF_Q5_K_S = 16,    /**< "Q5_K_S" */
    VRAM_GGUF_Q5_K_M = 17,    /**< "Q5_K_M" */
    VRAM_GGUF_Q6_K = 18,      /**< "Q6_K" */
    VRAM_GGUF_IQ4_NL = 25,    /**< "IQ4_NL" */
    VRAM_GGUF_IQ4_XS = 30,    /**< "IQ4_XS" */
    VRAM_GGUF_BF16 = 32,      /**< "BF16" */
    VRAM_GGUF_MXFP4_MOE = 38  /**< "MXFP4_MOE": routed experts in MXFP4, every other matrix Q8_0 (llama-quantize's preset for gpt-oss; the default for an mxfp4 checkpoint on llama.cpp). @since 0.1 */
} vram_gguf_ftype;

/** @brief Attention kernel, which decides whether `b·a·s²` scores are materialised. @since 0.1 */
typedef enum vram_attention {
    VRAM_ATTN_AUTO = 0,       /**< "auto": SDPA for transformers, flash for vLLM and training. */
    VRAM_ATTN_EAGER = 1,      /**< "eager": scores and softmax probabilities materialised. */
    VRAM_ATTN_SDPA = 2,       /**< "sdpa": PyTorch scaled_dot_product_attention with a fused (flash / memory-efficient) kernel. */
    VRAM_ATTN_FLASH = 3       /**< "flash": FlashAttention-2/3; saves q, k, v, output and log-sum-exp. */
} vram_attention;

/** @brief Which logits an inference step keeps. @since 0.1 */
typedef enum vram_logits {
    VRAM_LOGITS_LAST = 1,     /**< "last": only the last position (transformers >= 4.45 `generate`, vLLM sampler). */
    VRAM_LOGITS_ALL = 2       /**< "all": every prompt position (older transformers, perplexity runs). */
} vram_logits;

/**
 * @brief Training precision recipes (what each parameter costs in weights,
 * gradients and master copies). The manual cites each framework's code.
 * @since 0.1
 */
typedef enum vram_precision {
    VRAM_PREC_FP32 = 1,        /**< "fp32": fp32 weights 4 + fp32 gradients 4; no master copy. */
    VRAM_PREC_AMP_BF16 = 2,    /**< "amp_bf16": fp32 weights and gradients, bf16 autocast (caches a bf16 copy of each weight used). */
    VRAM_PREC_AMP_FP16 = 3,    /**< "amp_fp16": as amp_bf16 with fp16 autocast and a loss scaler. */
    VRAM_PREC_BF16_MASTER = 4, /**< "bf16_master": bf16 weights 2 + bf16 gradients 2 + fp32 master 4 (DeepSpeed / Megatron). */
    VRAM_PREC_FP16_MASTER = 5, /**< "fp16_master": as bf16_master with fp16 and a loss scaler. */
    VRAM_PREC_BF16_PURE = 6    /**< "bf16_pure": bf16 weights 2 + bf16 gradients 2; optimizer states in bf16 (torch AdamW on bf16 params). */
} vram_precision;

/** @brief Optimizers and what they keep per trainable parameter. @since 0.1 */
typedef enum vram_optimizer {
    VRAM_OPT_ADAMW = 1,             /**< "adamw": m and v, 8 bytes per parameter in fp32 (2+2 in bf16_pure). */
    VRAM_OPT_ADAMW_8BIT = 2,        /**< "adamw_8bit": bitsandbytes, 1 byte per state + fp32 absmax per 256 values. */
    VRAM_OPT_PAGED_ADAMW_8BIT = 3,  /**< "paged_adamw_8bit": as adamw_8bit, in paged (evictable) memory. */
    VRAM_OPT_PAGED_ADAMW_32BIT = 4, /**< "paged_adamw_32bit": 8 bytes per parameter, paged. */
    VRAM_OPT_ADAFACTOR = 5,         /**< "adafactor": factored second moment (rows + columns per matrix), no first moment. */
    VRAM_OPT_SGD = 6,               /**< "sgd": no state. */
    VRAM_OPT_SGD_MOMENTUM = 7,      /**< "sgd_momentum": one momentum buffer. */
    VRAM_OPT_LION = 8,              /**< "lion": one momentum buffer. */
    VRAM_OPT_ADAFACTOR_MOMENTUM = 9 /**< "adafactor_momentum": adafactor with a first moment (beta1 set). */
} vram_optimizer;

/** @brief Kind of an estimate part: how much to trust it. @since 0.1 */
typedef enum vram_kind {
    VRAM_KIND_NONE = 0,       /**< The part is absent from this estimate. */
    VRAM_KIND_EXACT = 1,      /**< Pure arithmetic on shapes (weights, KV cache, optimizer states). */
    VRAM_KIND_MODELLED = 2,   /**< Derived from what the framework computes (activations, logits). */
    VRAM_KIND_EMPIRICAL = 3   /**< Calibrated on measurements (CUDA context, workspaces, allocator slack). */
} vram_kind;

/** @brief MLP block structure. @since 0.1 */
typedef enum vram_mlp {
    VRAM_MLP_GATED = 1,       /**< "gated": SwiGLU/GeGLU, three matrices (gate, up, down). */
    VRAM_MLP_PLAIN = 2        /**< "plain": two matrices (up, down) with an activation. */
} vram_mlp;

/** @brief Normalisation layers. @since 0.1 */
typedef enum vram_norm {
    VRAM_NORM_RMS = 1,          /**< "rmsnorm": one weight vector. */
    VRAM_NORM_LAYER = 2,        /**< "layernorm": weight and bias vectors. */
    VRAM_NORM_LAYER_NO_BIAS = 3,/**< "layernorm_nobias": weight only (MPT). */
    VRAM_NORM_NONPARAM = 4      /**< "nonparametric": no parameters (OLMo 1). */
} vram_norm;

/**
 * @brief Module naming scheme of a model family, used to match LoRA target
 * names the way PEFT does (by module name suffix).
 * @since 0.1
 */
typedef enum vram_family {
    VRAM_FAMILY_LLAMA = 1,    /**< "llama": q_proj k_proj v_proj o_proj gate_proj up_proj down_proj (Llama, Mistral, Qwen2/3, Gemma, Yi, OLMo, Phi-4 aside, ...). */
    VRAM_FAMILY_MIXTRAL = 2,  /**< "mixtral": llama attention; experts w1 (gate) w3 (up) w2 (down); router `gate`. */
    VRAM_FAMILY_GPT2 = 3,     /**< "gpt2": c_attn (fused qkv), c_proj (attention and MLP), c_fc. */
    VRAM_FAMILY_GPTJ = 4,     /**< "gptj": q_proj k_proj v_proj out_proj fc_in fc_out. */
    VRAM_FAMILY_GPT_NEOX = 5, /**< "gpt_neox": query_key_value dense dense_h_to_4h dense_4h_to_h. */
    VRAM_FAMILY_FALCON = 6,   /**< "falcon": query_key_value dense dense_h_to_4h dense_4h_to_h. */
    VRAM_FAMILY_MPT = 7,      /**< "mpt": Wqkv out_proj up_proj down_proj. */
    VRAM_FAMILY_PHI3 = 8,     /**< "phi3": qkv_proj o_proj gate_up_proj down_proj. */
    VRAM_FAMILY_QWEN1 = 9,    /**< "qwen": c_attn c_proj (attention and MLP) w1 w2. */
    VRAM_FAMILY_DEEPSEEK = 10,/**< "deepseek": MLA q_a_proj q_b_proj (or q_proj) kv_a_proj_with_mqa kv_b_proj o_proj; llama MLP names. */
    VRAM_FAMILY_PHI = 11,     /**< "phi": q_proj k_proj v_proj dense fc1 fc2 (Phi-1/2). */
    VRAM_FAMILY_GPT_OSS = 12  /**< "gpt_oss": llama attention names; experts are fused parameters, not linear modules. */
} vram_family;

/** @brief Attention type of one layer (vram_model_set_layer_u64()). @since 0.1 */
typedef enum vram_layer_attention {
    VRAM_LAYER_ATTN_FULL = 1,    /**< Global causal attention: the KV cache holds the whole context. */
    VRAM_LAYER_ATTN_SLIDING = 2  /**< Sliding window: the KV cache holds at most ::VRAM_MODEL_SLIDING_WINDOW tokens. */
} vram_layer_attention;

/** @brief MLP type of one layer (vram_model_set_layer_u64()). @since 0.1 */
typedef enum vram_layer_mlp {
    VRAM_LAYER_MLP_DENSE = 1,    /**< A dense MLP of ::VRAM_MODEL_INTERMEDIATE_SIZE. */
    VRAM_LAYER_MLP_MOE = 2       /**< Routed experts (+ shared experts and router). */
} vram_layer_mlp;

/**
 * @brief Module names that LoRA can target, as bit positions of
 * ::VRAM_CFG_LORA_TARGETS. A name matches a model's module the way PEFT
 * matches `target_modules`: by the last component of the module path, so
 * "gate_proj" on Qwen3-MoE adapts the dense, shared and every expert's
 * gate projection, and "c_proj" on GPT-2 adapts both the attention and the MLP
 * output projections.
 * @since 0.1
 */
typedef enum vram_module_name {
    VRAM_MODULE_Q_PROJ = 0,         /**< "q_proj" */
    VRAM_MODULE_K_PROJ = 1,         /**< "k_proj" */
    VRAM_MODULE_V_PROJ = 2,         /**< "v_proj" */
    VRAM_MODULE_O_PROJ = 3,         /**< "o_proj" */
    VRAM_MODULE_GATE_PROJ = 4,      /**< "gate_proj" */
    VRAM_MODULE_UP_PROJ = 5,        /**< "up_proj" */
    VRAM_MODULE_DOWN_PROJ = 6,      /**< "down_proj" */
    VRAM_MODULE_QKV_PROJ = 7,       /**< "qkv_proj" (Phi-3 fused) */
    VRAM_MODULE_GATE_UP_PROJ = 8,   /**< "gate_up_proj" (Phi-3 fused) */
    VRAM_MODULE_C_ATTN = 9,         /**< "c_attn" (GPT-2, Qwen 1 fused qkv) */
    VRAM_MODULE_C_PROJ = 10,        /**< "c_proj" (GPT-2, Qwen 1) */
    VRAM_MODULE_C_FC = 11,          /**< "c_fc" (GPT-2) */
    VRAM_MODULE_QUERY_KEY_VALUE = 12, /**< "query_key_value" (Falcon, GPT-NeoX fused) */
    VRAM_MODULE_DENSE = 13,         /**< "dense" (attention output of Falcon, GPT-NeoX, Phi) */
    VRAM_MODULE_DENSE_H_TO_4H = 14, /**< "dense_h_to_4h" */
    VRAM_MODULE_DENSE_4H_TO_H = 15, /**< "dense_4h_to_h" */
    VRAM_MODULE_OUT_PROJ = 16,      /**< "out_proj" (GPT-J, MPT) */
    VRAM_MODULE_FC_IN = 17,         /**< "fc_in" (GPT-J) */
    VRAM_MODULE_FC_OUT = 18,        /**< "fc_out" (GPT-J) */
    VRAM_MODULE_WQKV = 19,          /**< "Wqkv" (MPT fused) */
    VRAM_MODULE_W1 = 20,            /**< "w1" (Mixtral expert gate; Qwen 1 MLP) */
    VRAM_MODULE_W2 = 21,            /**< "w2" (Mixtral expert down; Qwen 1 MLP) */
    VRAM_MODULE_W3 = 22,            /**< "w3" (Mixtral expert up) */
    VRAM_MODULE_Q_A_PROJ = 23,      /**< "q_a_proj" (MLA) */
    VRAM_MODULE_Q_B_PROJ = 24,      /**< "q_b_proj" (MLA) */
    VRAM_MODULE_KV_A_PROJ = 25,     /**< "kv_a_proj_with_mqa" (MLA) */
    VRAM_MODULE_KV_B_PROJ = 26,     /**< "kv_b_proj" (MLA) */
    VRAM_MODULE_GATE = 27,          /**< "gate" (MoE router) */
    VRAM_MODULE_FC1 = 28,           /**< "fc1" (Phi) */
    VRAM_MODULE_FC2 = 29,           /**< "fc2" (Phi) */
    VRAM_MODULE_EMBED_TOKENS = 30,  /**< "embed_tokens" and the families' other input-embedding names (wte, word_embeddings, embed_in) */
    VRAM_MODULE_LM_HEAD = 31,       /**< "lm_head" (and embed_out) */
    VRAM_MODULE_SHARED_EXPERT_GATE = 32 /**< "shared_expert_gate" (Qwen2-MoE) */
} vram_module_name;

/** @brief Bit for a ::vram_module_name in ::VRAM_CFG_LORA_TARGETS. */
#define VRAM_MODULE_BIT(name) (UINT64_C(1) << (name))

/**
 * @brief Quantization group size meaning "one group per output channel".
 * Use with ::VRAM_MODEL_QUANT_GROUP_SIZE / ::VRAM_CFG_QUANT_GROUP_SIZE.
 */
#define VRAM_GROUP_PER_CHANNEL UINT64_C(4294967296)

/** @} */

/**
 * @defgroup model Model handle
 * @brief The architecture: shapes, block structure, checkpoint format.
 *
 * A model is filled by a source (vram_model_from_preset(),
 * vram_model_from_hf_config(), vram_model_from_gguf_file(),
 * vram_model_from_safetensors_file(), vram_model_from_param_count()) or key
 * by key with vram_model_set_u64(). Derived quantities (parameter counts,
 * KV bytes per token) are recomputed by every setter, so an estimate never
 * derives them again, and read with the read-only keys of group 900.
 * @{
 */

/** @brief Opaque model handle. */
typedef struct vram_model vram_model;

/**
 * @brief Model keys. Unless noted a key holds a `uint64_t`; 0/1 keys are
 * booleans; enum keys hold the enum's value. Values are ABI.
 * @since 0.1
 */
typedef enum vram_model_key {
    /* 100: shape */
    VRAM_MODEL_NUM_LAYERS = 100,          /**< "num_layers": decoder layers L, 1..1024. */
    VRAM_MODEL_HIDDEN_SIZE = 101,         /**< "hidden_size": h. */
    VRAM_MODEL_NUM_HEADS = 102,           /**< "num_heads": query heads a. */
    VRAM_MODEL_NUM_KV_HEADS = 103,        /**< "num_kv_heads": KV heads k (0 = a, MHA; 1 = MQA). */
    VRAM_MODEL_HEAD_DIM = 104,            /**< "head_dim": d (0 = h / a). */
    VRAM_MODEL_INTERMEDIATE_SIZE = 105,   /**< "intermediate_size": dense MLP width I. */
    VRAM_MODEL_VOCAB_SIZE = 106,          /**< "vocab_size": V. */
    VRAM_MODEL_TIE_WORD_EMBEDDINGS = 107, /**< "tie_word_embeddings": 0/1, LM head shares the embedding matrix. */
    VRAM_MODEL_MAX_POSITION_EMBEDDINGS = 108, /**< "max_position_embeddings": longest context the model supports (0 = unknown). */
    VRAM_MODEL_V_HEAD_DIM = 109,          /**< "v_head_dim": value head dim (0 = head_dim; MLA's v_head_dim). */
    VRAM_MODEL_LEARNED_POSITIONS = 110,   /**< "learned_positions": rows of a learned absolute position embedding (GPT-2 n_positions; 0 = none). */
    /* 200: block structure */
    VRAM_MODEL_FAMILY = 200,              /**< "family": a ::vram_family (module names). */
    VRAM_MODEL_MLP_KIND = 201,            /**< "mlp": a ::vram_mlp. */
    VRAM_MODEL_NORM_KIND = 202,           /**< "norm": a ::vram_norm. */
    VRAM_MODEL_NORMS_PER_LAYER = 203,     /**< "norms_per_layer": 2 (pre-attention, pre-MLP) usually; 1 with parallel attention; 4 in Gemma 2/3. */
    VRAM_MODEL_QKV_BIAS = 204,            /**< "qkv_bias": 0/1, q/k/v projections have biases (Qwen2). */
    VRAM_MODEL_O_BIAS = 205,              /**< "o_bias": 0/1, attention output projection has a bias. */
    VRAM_MODEL_MLP_BIAS = 206,            /**< "mlp_bias": 0/1, MLP (and expert) projections have biases. */
    VRAM_MODEL_QK_NORM = 207,             /**< "qk_norm": 0 none, 1 per-head RMSNorm of head_dim (Qwen3), 2 over all heads (OLMo 2). */
    VRAM_MODEL_PARALLEL_ATTN = 208,       /**< "parallel_attn": 0/1, attention and MLP read the same input (GPT-J, Falcon, NeoX). */
    VRAM_MODEL_LM_HEAD_BIAS = 209,        /**< "lm_head_bias": 0/1. */
    VRAM_MODEL_FUSED_QKV = 210,           /**< "fused_qkv": 0/1, q, k, v are one linear module (GPT-2, Falcon, Phi-3). */
    VRAM_MODEL_FUSED_GATE_UP = 211,       /**< "fused_gate_up": 0/1, gate and up are one linear module (Phi-3). */
    VRAM_MODEL_FINAL_NORM = 212,          /**< "final_norm": 0/1, a norm after the last layer (default 1). */
    /* 300: mixture of experts */
    VRAM_MODEL_NUM_EXPERTS = 300,         /**< "num_experts": routed experts E per MoE layer (0 = dense model). */
    VRAM_MODEL_EXPERTS_PER_TOKEN = 301,   /**< "experts_per_token": e, experts active per token. */
    VRAM_MODEL_MOE_INTERMEDIATE_SIZE = 302, /**< "moe_intermediate_size": expert MLP width (0 = intermediate_size). */
    VRAM_MODEL_NUM_SHARED_EXPERTS = 303,  /**< "num_shared_experts": always-active experts per MoE layer. */
    VRAM_MODEL_SHARED_INTERMEDIATE_SIZE = 304, /**< "shared_intermediate_size": total width of the shared experts (0 = moe_intermediate_size x num_shared_experts). */
    VRAM_MODEL_FIRST_K_DENSE = 305,       /**< "first_k_dense": the first k layers have dense MLPs (DeepSeek). */
    VRAM_MODEL_MOE_LAYER_STEP = 306,      /**< "moe_layer_step": every n-th layer (after first_k_dense) is MoE (default 1). */
    VRAM_MODEL_ROUTER_BIAS = 307,         /**< "router_bias": 0/1. */
    VRAM_MODEL_SHARED_EXPERT_GATE = 308,  /**< "shared_expert_gate": 0/1, a sigmoid gate h -> 1 on the shared expert (Qwen2-MoE). */
    /* 400: multi-head latent attention (DeepSeek V2/V3) */
    VRAM_MODEL_Q_LORA_RANK = 400,         /**< "q_lora_rank": query compression rank (0 = plain q projection). */
    VRAM_MODEL_KV_LORA_RANK = 401,        /**< "kv_lora_rank": KV latent rank; non-zero selects MLA. */
    VRAM_MODEL_QK_NOPE_HEAD_DIM = 402,    /**< "qk_nope_head_dim": per-head query/key dims without rotary. */
    VRAM_MODEL_QK_ROPE_HEAD_DIM = 403,    /**< "qk_rope_head_dim": rotary dims, shared key part cached beside the latent. */
    /* 500: attention pattern */
    VRAM_MODEL_SLIDING_WINDOW = 500,      /**< "sliding_window": window of sliding layers in tokens (0 = none). */
    VRAM_MODEL_SLIDING_PATTERN = 501,     /**< "sliding_pattern": 0 = every layer slides; p >= 1 = layer i is global when (i+1) % p == 0 (Gemma 2: 2, Gemma 3: 6). */
    /* 600: extras */
    VRAM_MODEL_EXTRA_PARAMS = 600,        /**< "extra_params": parameters outside the decoder (vision tower, projector), kept in the compute dtype. */
    VRAM_MODEL_PARAMS_OVERRIDE = 601,     /**< "params_override": a known total parameter count that wins over the shapes (0 = count from shapes). */
    /* 700: checkpoint format */
    VRAM_MODEL_WEIGHT_DTYPE = 700,        /**< "weight_dtype": checkpoint dtype (torch_dtype), a ::vram_dtype. */
    VRAM_MODEL_QUANT = 701,               /**< "quant": checkpoint's ::vram_quant (NONE if unquantized). */
    VRAM_MODEL_QUANT_BITS = 702,          /**< "quant_bits": bits per weight of the quantized format (0 = format default). */
    VRAM_MODEL_QUANT_GROUP_SIZE = 703,    /**< "quant_group_size": input values per scale (0 = format default; ::VRAM_GROUP_PER_CHANNEL). */
    VRAM_MODEL_QUANT_DOUBLE_QUANT = 704,  /**< "quant_double_quant": 0/1, bitsandbytes nested quantization of the absmax. */
    VRAM_MODEL_QUANT_BLOCK_SIZE = 705,    /**< "quant_block_size": fp8 block n (n x n weights per fp32 scale; 0 = per tensor). */
    VRAM_MODEL_QUANT_LM_HEAD = 706,       /**< "quant_lm_head": 0/1, the LM head is quantized too. */
    /* 900: derived, read only */
    VRAM_MODEL_PARAMS_TOTAL = 900,        /**< read only: total parameters (tied embeddings counted once). */
    VRAM_MODEL_PARAMS_ACTIVE = 901,       /**< read only: parameters used per token (MoE: e of E experts). */
    VRAM_MODEL_PARAMS_EMBEDDING = 902,    /**< read only: input embedding (+ learned positions) parameters. */
    VRAM_MODEL_KV_ELEMENTS_PER_TOKEN = 903, /**< read only: K+V elements one token adds over all layers, with every layer global. */
    VRAM_MODEL_NUM_SLIDING_LAYERS = 904,  /**< read only: layers with sliding-window attention. */
    VRAM_MODEL_NUM_MOE_LAYERS = 905,      /**< read only: layers with routed experts. */
    VRAM_MODEL_FILE_WEIGHT_BYTES = 906    /**< read only: exact tensor bytes read from a GGUF/safetensors header (0 = not from a file). */
} vram_model_key;

/** @brief Per-layer keys of vram_model_set_layer_u64(). @since 0.1 */
typedef enum vram_layer_key {
    VRAM_LAYER_ATTENTION = 1,   /**< A ::vram_layer_attention. */
    VRAM_LAYER_MLP = 2          /**< A ::vram_layer_mlp. */
} vram_layer_key;

/**
 * @brief Create an empty model (every shape 0, llama family, RMSNorm, gated MLP, bf16).
 * @param[out] out The new model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG @p out is NULL.
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_create(vram_model **out);

/**
 * @brief Deep copy of a model.
 * @param src Model to copy (read only).
 * @param[out] out The copy; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_clone(const vram_model *src, vram_model **out);

/**
 * @brief Free a model. NULL is a no-op.
 * @param model Model to free.
 * @since 0.1
 */
VRAM_API void vram_model_destroy(vram_model *model);

/**
 * @brief Set an integer or enum key.
 * @param model Model (exclusive use).
 * @param key   A ::vram_model_key holding a `uint64_t`.
 * @param value New value; checked against the key's range.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE        @p value outside the key's range.
 * @retval VRAM_E_UNKNOWN_KEY  @p key unknown to this version.
 * @retval VRAM_E_READ_ONLY    @p key is derived (group 900).
 * @retval VRAM_E_INVALID_ARG  @p model is NULL.
 * @since 0.1
 */
VRAM_API vram_status vram_model_set_u64(vram_model *model, vram_model_key key, uint64_t value);

/**
 * @brief Read an integer or enum key, including the derived keys of group 900.
 * @param model Model (read only).
 * @param key   A ::vram_model_key.
 * @param[out] out_value The value.
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_OVERFLOW A derived count does not fit in 64 bits.
 * @since 0.1
 */
VRAM_API vram_status vram_model_get_u64(const vram_model *model, vram_model_key key, uint64_t *out_value);

/**
 * @brief Set an enum key by its name ("rmsnorm", "gptq", "bfloat16", "mixtral"...).
 * @param model Model (exclusive use).
 * @param key   An enum-valued ::vram_model_key.
 * @param value The value's name (case-insensitive), or a decimal integer.
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY unknown name.
 * @retval VRAM_E_TYPE the key is not enum-valued.
 * @retval VRAM_E_RANGE a name or number outside the key's range (a block
 *         type such as "q4_0" for ::VRAM_MODEL_WEIGHT_DTYPE).
 * @retval VRAM_E_INVALID_ARG @p model or @p value is NULL.
 * @since 0.1
 */
VRAM_API vram_status vram_model_set_str(vram_model *model, vram_model_key key, const char *value);

/**
 * @brief Set a per-layer property, overriding the pattern keys for that layer.
 *
 * Setting ::VRAM_MODEL_NUM_LAYERS to fewer layers drops the overrides of the
 * layers removed.
 * @param model Model (exclusive use).
 * @param layer Layer index, 0 .. ::VRAM_MODEL_NUM_LAYERS - 1.
 * @param key   A ::vram_layer_key.
 * @param value A ::vram_layer_attention or ::vram_layer_mlp.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_UNKNOWN_KEY
 * @since 0.1
 */
VRAM_API vram_status vram_model_set_layer_u64(vram_model *model, uint32_t layer, vram_layer_key key, uint64_t value);

/**
 * @brief Read a per-layer property (explicit or from the pattern keys).
 * @param model Model (read only).
 * @param layer Layer index.
 * @param key   A ::vram_layer_key.
 * @param[out] out_value The value.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_model_get_layer_u64(const vram_model *model, uint32_t layer, vram_layer_key key, uint64_t *out_value);

/**
 * @brief Give the model a display name (copied, at most 127 bytes).
 * @param model Model (exclusive use).
 * @param name  UTF-8 name, e.g. "meta-llama/Llama-3.1-8B".
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_LIMIT name too long.
 * @since 0.1
 */
VRAM_API vram_status vram_model_set_name(vram_model *model, const char *name);

/**
 * @brief The model's display name.
 * @param model Model (read only).
 * @return The name (empty if none), valid while the model lives; never NULL
 * (an empty string for a NULL model).
 * @since 0.1
 */
VRAM_API const char *vram_model_name(const vram_model *model);

/**
 * @brief Check that the model is complete and consistent enough to estimate.
 * @param model Model (read only).
 * @retval VRAM_OK
 * @retval VRAM_E_INCOMPLETE   a required key is 0 (the message names it).
 * @retval VRAM_E_INCONSISTENT keys contradict each other.
 * @retval VRAM_E_OVERFLOW     the parameter count overflows.
 * @since 0.1
 */
VRAM_API vram_status vram_model_validate(const vram_model *model);

/**
 * @brief Map a model key's name ("hidden_size") to the key.
 * @param name Key name as listed in ::vram_model_key.
 * @param[out] out_key The key.
 * @retval VRAM_OK
 * @retval VRAM_E_NOT_FOUND
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_model_key_from_name(const char *name, vram_model_key *out_key);

/**
 * @brief The name of a model key, or NULL if unknown.
 * @param key A ::vram_model_key.
 * @return A static string or NULL.
 * @since 0.1
 */
VRAM_API const char *vram_model_key_name(vram_model_key key);

/** @} */

/**
 * @defgroup sources Model sources
 * @brief Four ways to describe a model, all offline.
 * @{
 */

/**
 * @brief A known architecture from the built-in catalog.
 * @param name Hugging Face id ("meta-llama/Llama-3.1-8B") or alias ("llama-3.1-8b"), case-insensitive.
 * @param[out] out New model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_NOT_FOUND unknown name; closed models (GPT-4, Claude,
 * Gemini) have no public architecture and say so. @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_from_preset(const char *name, vram_model **out);

/**
 * @brief Number of architectures in the catalog.
 * @return The count.
 * @since 0.1
 */
VRAM_API uint32_t vram_preset_count(void);

/**
 * @brief The Hugging Face id of catalog entry @p index.
 * @param index 0 .. vram_preset_count() - 1.
 * @return A static string, or NULL when @p index is out of range.
 * @since 0.1
 */
VRAM_API const char *vram_preset_id(uint32_t index);

/**
 * @brief Comma-separated aliases of catalog entry @p index.
 * @param index 0 .. vram_preset_count() - 1.
 * @return A static string (possibly empty), or NULL when out of range.
 * @since 0.1
 */
VRAM_API const char *vram_preset_aliases(uint32_t index);

/**
 * @brief A model from a Hugging Face `config.json` document.
 *
 * Handles the families of the manual (Llama 1-4, Mistral, Mixtral, Qwen 1-3
 * and Qwen-MoE, Gemma 1-3, Phi-2/3/4, DeepSeek V2/V3, Falcon, GPT-2, GPT-J,
 * GPT-NeoX/Pythia, MPT, Yi, StableLM, OLMo, EXAONE, gpt-oss, OPT, BLOOM,
 * GPTBigCode/StarCoder, VLMs with `text_config` and their vision towers)
 * and the `quantization_config` block (gptq, awq, bitsandbytes, fp8,
 * compressed-tensors, mxfp4). An unknown `model_type` is read from the
 * generic keys when present; a missing one is named in the message. Shapes
 * the library cannot price are refused with ::VRAM_E_UNSUPPORTED (an OPT
 * whose `word_embed_proj_dim` differs from `hidden_size`).
 * @param json UTF-8 JSON text (need not be NUL-terminated).
 * @param len  Length of @p json in bytes (at most 16 MiB).
 * @param[out] out New model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_PARSE malformed JSON (byte offset in the message)
 * @retval VRAM_E_INCOMPLETE a required key is missing (named in the message)
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_LIMIT
 * @retval VRAM_E_UNSUPPORTED
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_from_hf_config(const char *json, size_t len, vram_model **out);

/**
 * @brief vram_model_from_hf_config() on a file.
 * @param path Path of a `config.json`.
 * @param[out] out New model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_IO and the codes of vram_model_from_hf_config().
 * @since 0.1
 */
VRAM_API vram_status vram_model_from_hf_config_file(const char *path, vram_model **out);

/**
 * @brief A model from a GGUF file's header (v2 or v3); tensor data is never read.
 *
 * The architecture comes from the metadata (`general.architecture`,
 * `<arch>.block_count`, ...), the exact weight bytes from the tensor infos and
 * ggml's block sizes.
 * @param path Path of a `.gguf` file.
 * @param[out] out New model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_IO
 * @retval VRAM_E_PARSE
 * @retval VRAM_E_LIMIT
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_from_gguf_file(const char *path, vram_model **out);

/**
 * @brief As vram_model_from_gguf_file(), from the first bytes of a GGUF file in memory.
 * @param data Bytes (at least the whole header).
 * @param len  Number of bytes.
 * @param[out] out New model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_PARSE
 * @retval VRAM_E_LIMIT
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_from_gguf_buffer(const void *data, size_t len, vram_model **out);

/**
 * @brief A model from a `.safetensors` file header or a `model.safetensors.index.json`.
 *
 * Reads the 8-byte header length and the JSON header only. The tensor names
 * and shapes give the architecture (Llama-style names) and the exact bytes
 * per dtype; packed int32/uint8 quantized tensors are recognised. An index
 * gives `total_size` and the tensor-to-shard map, and the shards beside it
 * are read when present.
 * @param path Path of a `.safetensors` file or an index `.json`.
 * @param[out] out New model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_IO
 * @retval VRAM_E_PARSE
 * @retval VRAM_E_LIMIT
 * @retval VRAM_E_INCOMPLETE
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_from_safetensors_file(const char *path, vram_model **out);

/**
 * @brief As vram_model_from_safetensors_file(), from a safetensors file's first bytes in memory.
 * @param data Bytes: the 8-byte length and the whole JSON header.
 * @param len  Number of bytes.
 * @param[out] out New model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_PARSE
 * @retval VRAM_E_LIMIT
 * @retval VRAM_E_INCOMPLETE
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_from_safetensors_buffer(const void *data, size_t len, vram_model **out);

/**
 * @brief A model from a parameter count alone; the architecture is estimated.
 *
 * Layers, hidden size, heads and MLP width follow the proportions of
 * published Llama-style models of that size; the total parameter count is
 * kept exactly (::VRAM_MODEL_PARAMS_OVERRIDE). KV cache and activations are
 * then approximate, and every result carries ::VRAM_WARN_ARCH_ESTIMATED.
 * @param params Total parameters, e.g. 7e9; 1e6 .. 1e13.
 * @param[out] out New model; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE NaN, infinite or out of range.
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_model_from_param_count(double params, vram_model **out);

/** @} */

/**
 * @defgroup config Workload configuration
 * @brief The workload: mode-specific settings, engine, parallel layout, device.
 *
 * A new config holds the documented defaults. vram_config_unset() returns a
 * key to its default ("auto" where the default depends on the model).
 * @{
 */

/** @brief Opaque workload handle. */
typedef struct vram_config vram_config;

/**
 * @brief Config keys, grouped by hundreds. Values are ABI.
 * Type: u64 unless marked f64. Defaults in parentheses.
 * @since 0.1
 */
typedef enum vram_config_key {
    /* 100: workload */
    VRAM_CFG_ENGINE = 100,            /**< "engine": ::vram_engine (transformers). */
    VRAM_CFG_BATCH_SIZE = 101,        /**< "batch_size": sequences per step: inference batch, training micro-batch (1). */
    VRAM_CFG_SEQ_LEN = 102,           /**< "seq_len": tokens per sequence: inference context (prompt + generated), training length (4096). */
    VRAM_CFG_PROMPT_LEN = 103,        /**< "prompt_len": inference prefill tokens, <= seq_len (auto = seq_len). */
    VRAM_CFG_DTYPE = 104,             /**< "dtype": compute and unquantized-weight ::vram_dtype (auto = checkpoint's float dtype, else bf16). */
    VRAM_CFG_KV_DTYPE = 105,          /**< "kv_dtype": KV cache ::vram_dtype (auto = compute dtype). */
    VRAM_CFG_QUANT = 106,             /**< "quant": weight ::vram_quant (auto = checkpoint's). */
    VRAM_CFG_QUANT_BITS = 107,        /**< "quant_bits": bits of the quantized format (auto = format/checkpoint default). */
    VRAM_CFG_QUANT_GROUP_SIZE = 108,  /**< "quant_group_size": values per scale (auto = format/checkpoint default). */
    VRAM_CFG_DOUBLE_QUANT = 109,      /**< "double_quant": 0/1 bitsandbytes nested quantization (auto = checkpoint's; 1 for QLoRA). */
    VRAM_CFG_GGUF_FTYPE = 110,        /**< "gguf_ftype": ::vram_gguf_ftype preset when quant is gguf and the model has no per-tensor types (Q4_K_M). */
    VRAM_CFG_ATTENTION = 111,         /**< "attention": ::vram_attention kernel (auto). */
    VRAM_CFG_LOGITS = 112,            /**< "logits": ::vram_logits kept by inference (last). */
    /* 200: training */
    VRAM_CFG_PRECISION = 200,         /**< "precision": ::vram_precision (bf16_master). */
    VRAM_CFG_OPTIMIZER = 201,         /**< "optimizer": ::vram_optimizer (adamw; paged_adamw_8bit for QLoRA). */
    VRAM_CFG_GRADIENT_CHECKPOINTING = 202, /**< "gradient_checkpointing": 0/1 full activation checkpointing per layer (auto = 1 for QLoRA, as peft's prepare_model_for_kbit_training sets it; 0 otherwise). */
    VRAM_CFG_GRAD_ACCUM_STEPS = 203,  /**< "grad_accum_steps": micro-batches per optimizer step (1); > 1 keeps gradients between steps. */
    VRAM_CFG_FP32_GRAD_BUFFER = 204,  /**< "fp32_grad_buffer": 0/1, *_master recipes keep an fp32 gradient buffer (DeepSpeed bf16 optimizer) (0). */
    VRAM_CFG_DROPOUT = 205,           /**< "dropout": 0/1, attention/hidden dropout active, masks saved (0, as modern LLM configs). */
    VRAM_CFG_LORA_RANK = 210,         /**< "lora_rank": r (16). */
    VRAM_CFG_LORA_ALPHA = 211,        /**< "lora_alpha": scaling numerator; kept for completeness, no memory effect (32). */
    VRAM_CFG_LORA_TARGETS = 212,      /**< "lora_targets": mask of VRAM_MODULE_BIT(::vram_module_name); set_str takes "q_proj,v_proj". Unset: PEFT's default for the model's family, the query and value projections or the fused one (c_attn, query_key_value, Wqkv, qkv_proj); none for MLA models, which must name theirs. Reading it back unset gives q_proj | v_proj. */
    VRAM_CFG_LORA_ALL_LINEAR = 213,   /**< "lora_all_linear": 0/1, PEFT "all-linear": every linear module but the LM head (0). */
    VRAM_CFG_LORA_DTYPE = 214,        /**< "lora_dtype": adapter ::vram_dtype (float32, PEFT's autocast_adapter_dtype). */
    VRAM_CFG_DORA = 215,              /**< "dora": 0/1, DoRA magnitude vector per adapted module (0). */
    VRAM_CFG_TRAINABLE_EMBEDDINGS = 216, /**< "trainable_embeddings": 0/1, embeddings and LM head fully trained (modules_to_save) (0). */
    VRAM_CFG_UPCAST_NON_LINEAR = 217, /**< "upcast_non_linear": 0/1, QLoRA only: peft's prepare_model_for_kbit_training casts every non-quantized parameter (embeddings, LM head, norms) to fp32, +2 bytes per such parameter (0: TRL's SFTTrainer with bf16 casts the embeddings and head back, peft_module_casting_to_bf16; set 1 for a plain PEFT script). */
    VRAM_CFG_LORA_DROPOUT = 218,      /**< "lora_dropout": 0/1, lora_dropout > 0 keeps a dropped copy of each adapted module's input (0). */
    /* 300: parallel layout */
    VRAM_CFG_TP = 300,                /**< "tensor_parallel_size": (1). */
    VRAM_CFG_PP = 301,                /**< "pipeline_parallel_size": (1), at most 64. */
    VRAM_CFG_DP = 302,                /**< "data_parallel_size": (1). */
    VRAM_CFG_EP = 303,                /**< "expert_parallel_size": divides the routed experts; must divide tp x dp (1). */
    VRAM_CFG_ZERO_STAGE = 304,        /**< "zero_stage": DeepSpeed ZeRO 0..3 over dp (0). */
    VRAM_CFG_FSDP = 305,              /**< "fsdp": 0/1 FSDP full shard, as ZeRO-3 (0). */
    VRAM_CFG_OFFLOAD_OPTIMIZER = 306, /**< "offload_optimizer": 0/1, optimizer states (and master weights) in host memory (0). */
    VRAM_CFG_OFFLOAD_PARAMS = 307,    /**< "offload_params": 0/1, ZeRO-3 parameters in host memory (0). */
    VRAM_CFG_SEQUENCE_PARALLEL = 308, /**< "sequence_parallel": 0/1, Megatron sequence parallelism divides the non-TP activations by tp (0). */
    VRAM_CFG_PP_MICROBATCHES = 309,   /**< "pp_microbatches": micro-batches in flight on the first stage under 1F1B (auto = pp). */
    /* 400: device */
    VRAM_CFG_GPU = 400,               /**< "gpu": GPU catalog index + 1 (0 = none); set_str takes a name ("H100-80GB"). */
    VRAM_CFG_GPU_MEMORY_BYTES = 401,  /**< "gpu_memory_bytes": device memory a process can allocate, as torch.cuda.mem_get_info() reports its total (auto = the catalog GPU's ::VRAM_GPU_USABLE_BYTES; unset = unknown). */
    VRAM_CFG_GPU_MEMORY_UTILIZATION = 402, /**< "gpu_memory_utilization": f64 in (0, 1], vLLM's budget fraction (0.9). */
    /* 500: vLLM */
    VRAM_CFG_MAX_NUM_BATCHED_TOKENS = 500, /**< "max_num_batched_tokens": profile-run tokens (auto = vLLM's default for the GPU). */
    VRAM_CFG_MAX_NUM_SEQS = 501,      /**< "max_num_seqs": (auto = vLLM's default for the GPU). */
    VRAM_CFG_BLOCK_SIZE = 502,        /**< "block_size": tokens per KV block (16). */
    VRAM_CFG_MAX_MODEL_LEN = 503,     /**< "max_model_len": (auto = seq_len). */
    VRAM_CFG_ENFORCE_EAGER = 504,     /**< "enforce_eager": 0/1, no CUDA graphs (0). */
    /* 600: llama.cpp */
    VRAM_CFG_N_CTX = 600,             /**< "n_ctx": KV cells in total (auto = seq_len x n_seq). */
    VRAM_CFG_N_BATCH = 601,           /**< "n_batch": logical batch (2048). */
    VRAM_CFG_N_UBATCH = 602,          /**< "n_ubatch": physical batch, sizes the compute buffer (512). */
    VRAM_CFG_N_SEQ = 603,             /**< "n_seq": parallel sequences (auto = batch_size). */
    VRAM_CFG_N_GPU_LAYERS = 604,      /**< "n_gpu_layers": layers offloaded to the GPU (auto = all, as -ngl 999). */
    VRAM_CFG_TYPE_K = 605,            /**< "type_k": K cache ::vram_dtype (auto = f16). */
    VRAM_CFG_TYPE_V = 606,            /**< "type_v": V cache ::vram_dtype (auto = f16). */
    VRAM_CFG_FLASH_ATTN = 607,        /**< "flash_attn": 0/1 (1, llama.cpp's "auto" on CUDA). */
    VRAM_CFG_SWA_FULL = 608,          /**< "swa_full": 0/1, full-size cache for sliding layers (0). */
    VRAM_CFG_KV_UNIFIED = 609,        /**< "kv_unified": 0/1, one KV buffer shared by all sequences (1, llama-server's default); 0 gives each sequence n_ctx / n_seq cells. */
    /* 700: runtime overheads (empirical; override the calibrated defaults) */
    VRAM_CFG_CUDA_CONTEXT_BYTES = 700,  /**< "cuda_context_bytes": CUDA context + kernels (auto = per GPU architecture). */
    VRAM_CFG_WORKSPACE_BYTES = 701,     /**< "workspace_bytes": cuBLAS/cuDNN workspaces (auto). */
    VRAM_CFG_ALLOCATOR_SLACK = 702,     /**< "allocator_slack": f64 fraction of allocated memory lost to caching-allocator fragmentation (auto). */
    VRAM_CFG_NON_TORCH_BYTES = 703,     /**< "non_torch_bytes": vLLM's non-torch memory (auto). */
    VRAM_CFG_COMM_BUFFER_BYTES = 704,   /**< "comm_buffer_bytes": NCCL/bucket buffers per device when devices > 1 (auto). */
    VRAM_CFG_CUDA_GRAPH_BYTES = 705     /**< "cuda_graph_bytes": vLLM CUDA graph pool (auto). */
} vram_config_key;

/** @brief Type of the value a key holds. @since 0.1 */
typedef enum vram_value_type {
    VRAM_TYPE_U64 = 1,  /**< `uint64_t` (integers, booleans, enums). */
    VRAM_TYPE_F64 = 2   /**< `double`. */
} vram_value_type;

/**
 * @brief Create a config holding the defaults.
 * @param[out] out New config; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_config_create(vram_config **out);

/**
 * @brief Deep copy of a config.
 * @param src Config to copy (read only).
 * @param[out] out The copy; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_config_clone(const vram_config *src, vram_config **out);

/**
 * @brief Free a config. NULL is a no-op.
 * @param config Config to free.
 * @since 0.1
 */
VRAM_API void vram_config_destroy(vram_config *config);

/**
 * @brief Set an integer, boolean or enum key.
 * @param config Config (exclusive use).
 * @param key    A ::vram_config_key of type ::VRAM_TYPE_U64.
 * @param value  New value; range-checked.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_TYPE
 * @since 0.1
 */
VRAM_API vram_status vram_config_set_u64(vram_config *config, vram_config_key key, uint64_t value);

/**
 * @brief Read an integer key; an unset "auto" key reads as 0.
 * @param config Config (read only).
 * @param key    A ::vram_config_key of type ::VRAM_TYPE_U64.
 * @param[out] out_value The value.
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_TYPE
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_config_get_u64(const vram_config *config, vram_config_key key, uint64_t *out_value);

/**
 * @brief Set a floating-point key.
 * @param config Config (exclusive use).
 * @param key    A ::vram_config_key of type ::VRAM_TYPE_F64.
 * @param value  New value; NaN and infinities are rejected.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_TYPE
 * @since 0.1
 */
VRAM_API vram_status vram_config_set_f64(vram_config *config, vram_config_key key, double value);

/**
 * @brief Read a floating-point key; an unset "auto" key reads as 0.
 * @param config Config (read only).
 * @param key    A ::vram_config_key of type ::VRAM_TYPE_F64.
 * @param[out] out_value The value.
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_TYPE
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_config_get_f64(const vram_config *config, vram_config_key key, double *out_value);

/**
 * @brief Set a key from text: an enum name ("bfloat16", "adamw", "vllm"), a
 * GPU name for ::VRAM_CFG_GPU, a comma-separated module list ("q_proj,v_proj"
 * or "all-linear") for ::VRAM_CFG_LORA_TARGETS, or a number for numeric keys.
 * @param config Config (exclusive use).
 * @param key    Any ::vram_config_key.
 * @param value  The text (case-insensitive names).
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_UNKNOWN_KEY an unknown key, or a name the key does not take.
 * @retval VRAM_E_NOT_FOUND unknown GPU
 * @retval VRAM_E_TYPE text that is not a number for a numeric key.
 * @retval VRAM_E_INVALID_ARG @p config or @p value is NULL.
 * @since 0.1
 */
VRAM_API vram_status vram_config_set_str(vram_config *config, vram_config_key key, const char *value);

/**
 * @brief Return a key to its default.
 * @param config Config (exclusive use).
 * @param key    Any ::vram_config_key.
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY
 * @since 0.1
 */
VRAM_API vram_status vram_config_unset(vram_config *config, vram_config_key key);

/**
 * @brief Whether a key was set explicitly (1) or holds its default (0).
 * @param config Config (read only).
 * @param key    Any ::vram_config_key.
 * @param[out] out_is_set 0 or 1.
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_config_is_set(const vram_config *config, vram_config_key key, int *out_is_set);

/**
 * @brief Map a config key's name ("seq_len") to the key.
 * @param name Key name as listed in ::vram_config_key.
 * @param[out] out_key The key.
 * @retval VRAM_OK
 * @retval VRAM_E_NOT_FOUND
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_config_key_from_name(const char *name, vram_config_key *out_key);

/**
 * @brief The name of a config key, or NULL if unknown.
 * @param key A ::vram_config_key.
 * @return A static string or NULL.
 * @since 0.1
 */
VRAM_API const char *vram_config_key_name(vram_config_key key);

/**
 * @brief Type and bounds of a config key.
 *
 * The bounds are inclusive, except ::VRAM_CFG_GPU_MEMORY_UTILIZATION's lower
 * bound 0, which is excluded: (0, 1]. ::VRAM_CFG_GPU's upper bound is the
 * catalog's size (vram_gpu_count()).
 * @param key A ::vram_config_key.
 * @param[out] out_type  ::VRAM_TYPE_U64 or ::VRAM_TYPE_F64 (may be NULL).
 * @param[out] out_min   Smallest accepted value (may be NULL).
 * @param[out] out_max   Largest accepted value (may be NULL).
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY
 * @since 0.1
 */
VRAM_API vram_status vram_config_key_bounds(vram_config_key key, vram_value_type *out_type,
                                            double *out_min, double *out_max);

/** @} */

/**
 * @defgroup result Results
 * @brief A reusable result: parts per device, their kinds and bands.
 * @{
 */

/** @brief Opaque result handle, reused across estimates without allocation. */
typedef struct vram_result vram_result;

/**
 * @brief The named parts of an estimate. Values are ABI.
 * ::VRAM_PART_TOTAL is the sum of all others.
 * @since 0.1
 */
typedef enum vram_part {
    VRAM_PART_TOTAL = 0,            /**< "total": the device's whole requirement. */
    VRAM_PART_WEIGHTS = 1,          /**< "weights": parameter storage (quantized values included), exact. */
    VRAM_PART_QUANT_METADATA = 2,   /**< "quant_metadata": scales, zero points, block statistics, exact. */
    VRAM_PART_KV_CACHE = 3,         /**< "kv_cache": keys and values (or MLA latents), exact. */
    VRAM_PART_ACTIVATIONS = 4,      /**< "activations": saved (training) or transient peak (inference), modelled. */
    VRAM_PART_LOGITS = 5,           /**< "logits": logits, their fp32 upcast and gradient, modelled. */
    VRAM_PART_GRADIENTS = 6,        /**< "gradients": of trainable parameters, exact. */
    VRAM_PART_OPTIMIZER_STATES = 7, /**< "optimizer_states": exact. */
    VRAM_PART_MASTER_WEIGHTS = 8,   /**< "master_weights": fp32 master copy (and fp32 gradient buffer), exact. */
    VRAM_PART_ADAPTER_WEIGHTS = 9,  /**< "adapter_weights": LoRA A/B (and DoRA magnitudes), exact. */
    VRAM_PART_CUDA_CONTEXT = 10,    /**< "cuda_context": CUDA context, kernels, empirical. */
    VRAM_PART_WORKSPACE = 11,       /**< "workspace": cuBLAS/cuDNN/attention workspaces, empirical. */
    VRAM_PART_ALLOCATOR_SLACK = 12, /**< "allocator_slack": caching-allocator fragmentation, empirical. */
    VRAM_PART_COMM_BUFFERS = 13,    /**< "comm_buffers": NCCL and gradient-bucket buffers, empirical. */
    VRAM_PART_CUDA_GRAPHS = 14,     /**< "cuda_graphs": vLLM's CUDA graph pool, empirical. */
    VRAM_PART_DEQUANT_BUFFER = 15,  /**< "dequant_buffer": dequantized compute copy of the largest quantized layer (QLoRA), exact. */
    VRAM_PART_WEIGHT_COPIES = 16    /**< "weight_copies": autocast's cached 16-bit weights; ZeRO-3/FSDP gathered layers, exact. */
} vram_part;

/**
 * @brief Scalar outputs of an estimate, read with vram_result_get_u64() or
 * vram_result_get_f64() (marked f64). Values are ABI.
 * @since 0.1
 */
typedef enum vram_result_key {
    VRAM_RES_PARAMS_TOTAL = 100,      /**< "params_total" */
    VRAM_RES_PARAMS_ACTIVE = 101,     /**< "params_active": per token. */
    VRAM_RES_PARAMS_TRAINABLE = 102,  /**< "params_trainable": exact (LoRA: the adapters). */
    VRAM_RES_NUM_DEVICES = 103,       /**< "num_devices": tp x pp x dp (at most 65,536). */
    VRAM_RES_PEAK_DEVICE_BYTES = 104, /**< "peak_device_bytes": the largest device total. */
    VRAM_RES_PEAK_DEVICE = 105,       /**< "peak_device": index of that device. */
    VRAM_RES_HOST_BYTES = 106,        /**< "host_bytes": host (CPU) memory the layout uses (offload, llama.cpp host buffers). */
    VRAM_RES_MODE = 107,              /**< "mode": the ::vram_mode estimated. */
    VRAM_RES_ENGINE = 108,            /**< "engine": the ::vram_engine used. */
    VRAM_RES_WARNINGS = 109,          /**< "warnings": mask of ::vram_warning bits. */
    VRAM_RES_KV_BYTES_PER_TOKEN = 110,/**< "kv_bytes_per_token": KV bytes one token of one sequence adds on the busiest device: its tensor-parallel share of the heads, over the layers of the pipeline stage (llama.cpp: the GPU) holding the most, every layer counted as global (0 when nothing is on a GPU, and for training). */
    VRAM_RES_DTYPE = 111,             /**< "dtype": the compute ::vram_dtype used. */
    VRAM_RES_KV_DTYPE = 112,          /**< "kv_dtype": the KV ::vram_dtype used. */
    VRAM_RES_QUANT = 113,             /**< "quant": the weight ::vram_quant used. */
    VRAM_RES_BATCH_SIZE = 114,        /**< "batch_size" used. */
    VRAM_RES_SEQ_LEN = 115,           /**< "seq_len" used. */
    VRAM_RES_WEIGHT_BITS = 116,       /**< f64 "weight_bits": average stored bits per parameter (weights + metadata). */
    VRAM_RES_VLLM_REQUESTED_BYTES = 200,     /**< "requested_bytes": total x gpu_memory_utilization. */
    VRAM_RES_VLLM_NON_KV_BYTES = 201,        /**< "non_kv_bytes": weights + activation peak + non-torch + CUDA graphs. */
    VRAM_RES_VLLM_AVAILABLE_KV_BYTES = 202,  /**< "available_kv_cache_bytes" (0 when negative; see fits). */
    VRAM_RES_VLLM_NUM_GPU_BLOCKS = 203,      /**< "num_gpu_blocks" */
    VRAM_RES_VLLM_KV_CACHE_TOKENS = 204,     /**< "kv_cache_tokens": blocks x block_size (x groups' share). */
    VRAM_RES_VLLM_MAX_CONCURRENCY = 205,     /**< f64 "max_concurrency": requests of max_model_len the cache holds. */
    VRAM_RES_VLLM_FITS = 206,                /**< "fits": 0/1, one max_model_len request fits the KV cache. */
    VRAM_RES_VLLM_MAX_MODEL_LEN_THAT_FITS = 207, /**< "max_model_len_that_fits": vLLM's suggested length. */
    VRAM_RES_VLLM_PAGE_BYTES = 208,          /**< "page_bytes": one block of all layers of the largest group. */
    VRAM_RES_VLLM_MIN_KV_BYTES = 209,        /**< "min_kv_cache_bytes": seed's PagedAttention minimum (one block per sequence). */
    VRAM_RES_VLLM_MAX_KV_BYTES = 210,        /**< "max_kv_cache_bytes": seed's maximum (every sequence at max_model_len). */
    VRAM_RES_VLLM_RECOMMENDED_BYTES = 211,   /**< "recommended_bytes": seed's total max / gpu_memory_utilization. */
    VRAM_RES_VLLM_MAX_NUM_BATCHED_TOKENS = 212, /**< "max_num_batched_tokens" used. */
    VRAM_RES_VLLM_MAX_NUM_SEQS = 213,        /**< "max_num_seqs" used. */
    VRAM_RES_LLAMA_MODEL_BUFFER_BYTES = 300, /**< "model_buffer_bytes": weights on the GPU(s). */
    VRAM_RES_LLAMA_KV_BUFFER_BYTES = 301,    /**< "kv_buffer_bytes": KV on the GPU(s). */
    VRAM_RES_LLAMA_COMPUTE_BUFFER_BYTES = 302, /**< "compute_buffer_bytes": GPU compute buffer. */
    VRAM_RES_LLAMA_HOST_BUFFER_BYTES = 303,  /**< "host_buffer_bytes": weights, KV and compute kept in host memory. */
    VRAM_RES_LLAMA_N_CTX = 304,              /**< "n_ctx": KV cells after padding. */
    VRAM_RES_FIT_DEVICE_BYTES = 400,  /**< "device_bytes": device memory the fit used (0 = unknown). */
    VRAM_RES_FIT_FITS = 401,          /**< "fits": 0/1, the peak device fits the device. */
    VRAM_RES_FIT_GPUS_NEEDED = 402,   /**< "gpus_needed": devices of this kind the layout needs (0 = unknown). */
    VRAM_RES_FIT_COST_PER_HOUR = 403, /**< f64 "cost_per_hour": USD per hour for gpus_needed at the catalog price (0 = unknown). */
    VRAM_RES_FIT_DECODE_TOKENS_PER_S = 404 /**< f64 "decode_tokens_per_s": bandwidth bound of one decode step (0 = unknown). */
} vram_result_key;

/** @brief Warning bits of ::VRAM_RES_WARNINGS. Values are ABI. @since 0.1 */
typedef enum vram_warning {
    VRAM_WARN_SEQ_EXCEEDS_CONTEXT = 1u << 0,  /**< seq_len is longer than max_position_embeddings. */
    VRAM_WARN_ARCH_ESTIMATED = 1u << 1,       /**< the architecture was estimated from a parameter count. */
    VRAM_WARN_KV_HEADS_REPLICATED = 1u << 2,  /**< tp exceeds the KV heads: each device keeps a replicated head. */
    VRAM_WARN_DOES_NOT_FIT = 1u << 3,         /**< the peak device exceeds the device memory. */
    VRAM_WARN_LORA_TARGET_MISSING = 1u << 4,  /**< a LoRA target name matches no module of this model. */
    VRAM_WARN_QUANT_APPROXIMATE = 1u << 5,    /**< weight bytes follow a preset mix, not a file's exact tensor types. */
    VRAM_WARN_VERY_LARGE_MODEL = 1u << 6,     /**< more than 100 B parameters (the seed API's warning). */
    VRAM_WARN_VLLM_NO_KV_ROOM = 1u << 7,      /**< vLLM: one max_model_len request does not fit the KV budget. */
    VRAM_WARN_HOST_MEMORY = 1u << 8,          /**< part of the model lives in host memory (offload, n_gpu_layers). */
    VRAM_WARN_UNKNOWN_DEVICE = 1u << 9,       /**< no device memory known: no fit verdict. */
    VRAM_WARN_VLLM_LOW_CONCURRENCY = 1u << 10 /**< vLLM: the KV cache holds fewer than batch_size requests of max_model_len at once (the fit verdict is no). @since 0.1 */
} vram_warning;

/**
 * @brief Create a result (its memory is allocated once, here).
 * @param[out] out New result; NULL on failure.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_NOMEM
 * @since 0.1
 */
VRAM_API vram_status vram_result_create(vram_result **out);

/**
 * @brief Free a result. NULL is a no-op.
 * @param result Result to free.
 * @since 0.1
 */
VRAM_API void vram_result_destroy(vram_result *result);

/**
 * @brief Bytes of one part on one device (expected value).
 * @param result Result of an estimate (read only).
 * @param device Device index, 0 .. ::VRAM_RES_NUM_DEVICES - 1.
 * @param part   A ::vram_part, e.g. ::VRAM_PART_KV_CACHE or ::VRAM_PART_TOTAL.
 * @param[out] out_bytes Bytes, rounded up.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE device out of range or no estimate yet.
 * @retval VRAM_E_UNKNOWN_KEY @p part unknown.
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_result_bytes(const vram_result *result, uint32_t device, vram_part part, uint64_t *out_bytes);

/**
 * @brief The low/high band of one part on one device: the range the library
 * stands behind (exact parts have lo = hi).
 * @param result Result (read only).
 * @param device Device index.
 * @param part   A ::vram_part.
 * @param[out] out_lo Low bound in bytes (may be NULL).
 * @param[out] out_hi High bound in bytes (may be NULL).
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_result_band(const vram_result *result, uint32_t device, vram_part part,
                                      uint64_t *out_lo, uint64_t *out_hi);

/**
 * @brief How a part was obtained.
 * @param result Result (read only).
 * @param part   A ::vram_part other than ::VRAM_PART_TOTAL.
 * @param[out] out_kind ::VRAM_KIND_NONE when the part is absent.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE the result holds no estimate (none run, or the last failed).
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_result_kind(const vram_result *result, vram_part part, vram_kind *out_kind);

/**
 * @brief Read an integer scalar output.
 * @param result Result (read only).
 * @param key    A ::vram_result_key of integer type.
 * @param[out] out_value The value (0 where the estimate did not produce it).
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_TYPE
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_RANGE the result holds no estimate (none run, or the last failed).
 * @since 0.1
 */
VRAM_API vram_status vram_result_get_u64(const vram_result *result, vram_result_key key, uint64_t *out_value);

/**
 * @brief Read a floating-point scalar output.
 * @param result Result (read only).
 * @param key    A ::vram_result_key marked f64.
 * @param[out] out_value The value.
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_TYPE
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_RANGE the result holds no estimate (none run, or the last failed).
 * @since 0.1
 */
VRAM_API vram_status vram_result_get_f64(const vram_result *result, vram_result_key key, double *out_value);

/**
 * @brief Render a result as a JSON object (the `devices`, `params`,
 * `peak_device_bytes`, `host_bytes`, `vllm`, `llama_cpp` and `fit` members of
 * the JSON API's response).
 * @param result Result (read only).
 * @param buf    Output buffer (may be NULL when @p cap is 0).
 * @param cap    Capacity of @p buf in bytes.
 * @param[out] out_needed Bytes needed including the terminating NUL (may be NULL).
 * @retval VRAM_OK
 * @retval VRAM_E_BUFFER_TOO_SMALL (buf holds a truncated, NUL-terminated prefix)
 * @retval VRAM_E_RANGE no estimate yet.
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_result_to_json(const vram_result *result, char *buf, size_t cap, size_t *out_needed);

/**
 * @brief Name of a part ("kv_cache"), or NULL if unknown.
 * @param part A ::vram_part.
 * @return A static string or NULL.
 * @since 0.1
 */
VRAM_API const char *vram_part_name(vram_part part);

/**
 * @brief Name of a result key ("num_gpu_blocks"), or NULL if unknown.
 * @param key A ::vram_result_key.
 * @return A static string or NULL.
 * @since 0.1
 */
VRAM_API const char *vram_result_key_name(vram_result_key key);

/**
 * @brief Text of one warning bit, or NULL if unknown.
 * @param warning One ::vram_warning bit.
 * @return A static sentence.
 * @since 0.1
 */
VRAM_API const char *vram_warning_text(vram_warning warning);

/**
 * @brief Name of an enum value of a config key ("bfloat16" for ::VRAM_CFG_DTYPE = 3).
 * @param key   An enum-valued ::vram_config_key.
 * @param value The value.
 * @return A static string, or NULL when the key is not enum-valued or the value unknown.
 * @since 0.1
 */
VRAM_API const char *vram_config_enum_name(vram_config_key key, uint64_t value);

/**
 * @brief Name of an enum value of a model key ("rmsnorm" for ::VRAM_MODEL_NORM_KIND = 1).
 * @param key   An enum-valued ::vram_model_key.
 * @param value The value.
 * @return A static string, or NULL when the key is not enum-valued or the value unknown.
 * @since 0.1
 */
VRAM_API const char *vram_model_enum_name(vram_model_key key, uint64_t value);

/** @} */

/**
 * @defgroup estimate Estimates
 * @brief The four workloads. Each is a pure function of the model and the
 * config that fills @p result, allocates nothing and is safe to call from
 * many threads on shared handles.
 *
 * Every estimate reports, per device: weights, quantization metadata, KV
 * cache, activations, logits, gradients, optimizer states, master weights,
 * adapter weights, CUDA context, workspaces, allocator slack, communication
 * buffers, CUDA graphs, the dequantization buffer and weight copies, each
 * with its ::vram_kind and band, and their total.
 * @{
 */

/**
 * @brief Memory to serve a model: weights, KV cache for batch x seq_len, the
 * prefill activation peak, logits and runtime overheads, as the engine of
 * ::VRAM_CFG_ENGINE allocates them.
 * @param model  Model (read only).
 * @param config Workload (read only).
 * @param[out] result Filled on success; on failure its previous contents are invalidated.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG a NULL handle.
 * @retval VRAM_E_INCOMPLETE
 * @retval VRAM_E_INCONSISTENT
 * @retval VRAM_E_OVERFLOW
 * @retval VRAM_E_RANGE more than 65,536 devices (tp x pp x dp).
 * @retval VRAM_E_UNSUPPORTED
 * @since 0.1
 */
VRAM_API vram_status vram_estimate_inference(const vram_model *model, const vram_config *config, vram_result *result);

/**
 * @brief Memory to train every parameter: weights, gradients, optimizer states
 * and master weights by precision recipe and optimizer, activations of the
 * block actually computed (with or without checkpointing), logits and loss,
 * sharded by the parallel layout.
 * @param model  Model (read only).
 * @param config Workload (read only).
 * @param[out] result Filled on success; on failure its previous contents are invalidated.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_INCOMPLETE
 * @retval VRAM_E_INCONSISTENT
 * @retval VRAM_E_OVERFLOW
 * @retval VRAM_E_RANGE more than 65,536 devices (tp x pp x dp).
 * @retval VRAM_E_UNSUPPORTED engine is not transformers.
 * @since 0.1
 */
VRAM_API vram_status vram_estimate_full_ft(const vram_model *model, const vram_config *config, vram_result *result);

/**
 * @brief Memory to train LoRA adapters (PEFT semantics) on a frozen base in
 * the compute dtype (or the config's quantized format).
 * @param model  Model (read only).
 * @param config Workload (read only).
 * @param[out] result Filled on success; on failure its previous contents are invalidated.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_INCOMPLETE
 * @retval VRAM_E_INCONSISTENT no LoRA target matches a module.
 * @retval VRAM_E_OVERFLOW
 * @retval VRAM_E_RANGE more than 65,536 devices (tp x pp x dp).
 * @retval VRAM_E_UNSUPPORTED
 * @since 0.1
 */
VRAM_API vram_status vram_estimate_lora(const vram_model *model, const vram_config *config, vram_result *result);

/**
 * @brief Memory to train LoRA adapters over a 4-bit base: NF4 (default) or
 * FP4 with optional double quantization, or a GPTQ base; the dequantized
 * compute copy of the largest layer; paged 8-bit AdamW by default.
 * @param model  Model (read only).
 * @param config Workload (read only).
 * @param[out] result Filled on success; on failure its previous contents are invalidated.
 * @retval VRAM_OK
 * @retval VRAM_E_INVALID_ARG
 * @retval VRAM_E_INCOMPLETE
 * @retval VRAM_E_INCONSISTENT
 * @retval VRAM_E_OVERFLOW
 * @retval VRAM_E_RANGE more than 65,536 devices (tp x pp x dp).
 * @retval VRAM_E_UNSUPPORTED
 * @since 0.1
 */
VRAM_API vram_status vram_estimate_qlora(const vram_model *model, const vram_config *config, vram_result *result);

/**
 * @brief Dispatch to one of the four estimates by ::vram_mode.
 * @param model  Model (read only).
 * @param config Workload (read only).
 * @param mode   A ::vram_mode.
 * @param[out] result Filled on success; on failure its previous contents are invalidated.
 * @retval VRAM_OK
 * @retval VRAM_E_UNKNOWN_KEY unknown mode, and the codes of the estimates.
 * @since 0.1
 */
VRAM_API vram_status vram_estimate(const vram_model *model, const vram_config *config, vram_mode mode, vram_result *result);

/** @} */

/**
 * @defgroup solve Solvers
 * @brief Inverse questions over the same estimate (closed form or bisection,
 * a few microseconds, no allocation). "Budget" is bytes per device; the peak
 * device must fit it.
 * @{
 */

/**
 * @brief The largest batch size (training micro-batch, or concurrent
 * sequences at seq_len for inference) whose peak device fits @p budget_bytes.
 * @param model  Model (read only).
 * @param config Workload (read only); its batch size is ignored.
 * @param mode   A ::vram_mode.
 * @param budget_bytes Memory per device.
 * @param[out] out_batch The largest fitting batch (>= 1).
 * @retval VRAM_OK
 * @retval VRAM_E_DOES_NOT_FIT not even batch 1 fits. And the estimate's codes.
 * @since 0.1
 */
VRAM_API vram_status vram_solve_max_batch(const vram_model *model, const vram_config *config, vram_mode mode,
                                          uint64_t budget_bytes, uint64_t *out_batch);

/**
 * @brief The longest sequence length whose peak device fits @p budget_bytes.
 *
 * At most the model's max_position_embeddings when it is known (vLLM refuses
 * a longer max_model_len): a result equal to it means the whole context fits.
 * @param model  Model (read only).
 * @param config Workload (read only); its seq_len is ignored.
 * @param mode   A ::vram_mode.
 * @param budget_bytes Memory per device.
 * @param[out] out_seq_len Longest fitting length in tokens (>= 1).
 * @retval VRAM_OK
 * @retval VRAM_E_DOES_NOT_FIT And the estimate's codes.
 * @since 0.1
 */
VRAM_API vram_status vram_solve_max_seq_len(const vram_model *model, const vram_config *config, vram_mode mode,
                                            uint64_t budget_bytes, uint64_t *out_seq_len);

/**
 * @brief The fewest devices of @p device_bytes each that hold the workload,
 * and the layout that achieves it: tensor parallelism first (a divisor of the
 * attention heads, up to 8, as on one node), then pipeline stages.
 * @param model  Model (read only).
 * @param config Workload (read only); its tp and pp are ignored, dp is kept.
 * @param mode   A ::vram_mode.
 * @param device_bytes Memory of one device.
 * @param max_devices  Largest total to consider (tp x pp x dp), 1..65536.
 * @param[out] out_tp   Tensor-parallel size found.
 * @param[out] out_pp   Pipeline-parallel size found.
 * @param[out] out_devices tp x pp x dp.
 * @retval VRAM_OK
 * @retval VRAM_E_DOES_NOT_FIT nothing up to @p max_devices fits. And the estimate's codes.
 * @since 0.1
 */
VRAM_API vram_status vram_solve_min_gpus(const vram_model *model, const vram_config *config, vram_mode mode,
                                         uint64_t device_bytes, uint64_t max_devices,
                                         uint64_t *out_tp, uint64_t *out_pp, uint64_t *out_devices);

/**
 * @brief The highest-fidelity weight format that fits @p budget_bytes for
 * inference: the compute dtype, then fp8, int8, gptq 4-bit, nf4, then the
 * GGUF presets Q8_0, Q6_K, Q5_K_M, Q4_K_M, IQ4_XS, Q3_K_M, Q2_K (the
 * llama.cpp ones only with the llama.cpp engine).
 * @param model  Model (read only).
 * @param config Workload (read only); its quant keys are ignored.
 * @param budget_bytes Memory per device.
 * @param[out] out_quant The ::vram_quant chosen.
 * @param[out] out_bits  Its bits per weight (for gguf: the ::vram_gguf_ftype) (may be NULL).
 * @retval VRAM_OK
 * @retval VRAM_E_DOES_NOT_FIT And the estimate's codes.
 * @since 0.1
 */
VRAM_API vram_status vram_solve_best_quant(const vram_model *model, const vram_config *config,
                                           uint64_t budget_bytes, vram_quant *out_quant, uint64_t *out_bits);

/**
 * @brief Whether a training job needs gradient checkpointing to fit.
 * @param model  Model (read only).
 * @param config Workload (read only); its checkpointing key is ignored.
 * @param mode   ::VRAM_MODE_FULL_FT, ::VRAM_MODE_LORA or ::VRAM_MODE_QLORA.
 * @param budget_bytes Memory per device.
 * @param[out] out_needed 0: fits without; 1: fits only with; (::VRAM_E_DOES_NOT_FIT: fits neither way).
 * @retval VRAM_OK
 * @retval VRAM_E_DOES_NOT_FIT
 * @retval VRAM_E_RANGE inference mode. And the estimate's codes.
 * @since 0.1
 */
VRAM_API vram_status vram_solve_needs_checkpointing(const vram_model *model, const vram_config *config,
                                                    vram_mode mode, uint64_t budget_bytes, int *out_needed);

/** @} */

/**
 * @defgroup gpus GPU catalog
 * @brief Data-centre, workstation and consumer GPUs: memory as the driver
 * reports it, bandwidth, peak dense FLOPS, a dated hourly price.
 * @{
 */

/** @brief GPU catalog fields. Values are ABI. @since 0.1 */
typedef enum vram_gpu_key {
    VRAM_GPU_NAME = 1,              /**< string "name": canonical name, e.g. "H100-80GB". */
    VRAM_GPU_ALIASES = 2,           /**< string "aliases": comma-separated. */
    VRAM_GPU_VENDOR = 3,            /**< string "vendor". */
    VRAM_GPU_ARCHITECTURE = 4,      /**< string "architecture", e.g. "Hopper". */
    VRAM_GPU_SOURCE = 5,            /**< string "source": where the figures come from. */
    VRAM_GPU_PRICE_DATE = 6,        /**< string "price_date": ISO 8601 date of the price (empty = no price). */
    VRAM_GPU_MEMORY_BYTES = 100,    /**< u64 "memory_bytes": total memory as the driver reports it (nvidia-smi / NVML). */
    VRAM_GPU_CUDA_CONTEXT_BYTES = 101, /**< u64 "cuda_context_bytes": typical CUDA context on this architecture. */
    VRAM_GPU_USABLE_BYTES = 102,    /**< u64 "usable_bytes": what a CUDA process can allocate (cudaMemGetInfo's total): the memory less the driver's reserve (462 MiB on NVIDIA); on Apple GPUs the three quarters of unified memory Metal lets a process use; estimates compare against this. */
    VRAM_GPU_BANDWIDTH = 200,       /**< f64 "bandwidth_gbps": memory bandwidth in GB/s (10^9 bytes). */
    VRAM_GPU_TFLOPS_FP16 = 201,     /**< f64 "tflops_fp16": dense FP16 tensor TFLOPS. */
    VRAM_GPU_TFLOPS_BF16 = 202,     /**< f64 "tflops_bf16": dense BF16 tensor TFLOPS. */
    VRAM_GPU_TFLOPS_FP8 = 203,      /**< f64 "tflops_fp8": dense FP8 tensor TFLOPS (0 = unsupported). */
    VRAM_GPU_PRICE_PER_HOUR = 204   /**< f64 "price_per_hour": the lowest on-demand USD per GPU-hour among the providers of the seed's 2024-2025 table (0 = none listed). Markets differ: the A100-40GB is listed only by hyperscalers ($3.67) while the A100-80GB has a community-cloud price ($1.10); each row's source names the provider. */
} vram_gpu_key;

/**
 * @brief Number of GPUs in the catalog.
 * @return The count.
 * @since 0.1
 */
VRAM_API uint32_t vram_gpu_count(void);

/**
 * @brief Find a GPU by name or alias, case-insensitive ("h100", "H100-80GB", "rtx 4090").
 * @param name Name to look up.
 * @param[out] out_index Catalog index.
 * @retval VRAM_OK
 * @retval VRAM_E_NOT_FOUND
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_gpu_find(const char *name, uint32_t *out_index);

/**
 * @brief A string field of a catalog GPU.
 * @param index Catalog index.
 * @param key   A string ::vram_gpu_key.
 * @param[out] out_value Static string.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_TYPE
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_gpu_get_str(uint32_t index, vram_gpu_key key, const char **out_value);

/**
 * @brief An integer field of a catalog GPU.
 * @param index Catalog index.
 * @param key   A u64 ::vram_gpu_key.
 * @param[out] out_value The value.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_TYPE
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_gpu_get_u64(uint32_t index, vram_gpu_key key, uint64_t *out_value);

/**
 * @brief A floating-point field of a catalog GPU.
 * @param index Catalog index.
 * @param key   An f64 ::vram_gpu_key.
 * @param[out] out_value The value.
 * @retval VRAM_OK
 * @retval VRAM_E_RANGE
 * @retval VRAM_E_TYPE
 * @retval VRAM_E_UNKNOWN_KEY
 * @retval VRAM_E_INVALID_ARG
 * @since 0.1
 */
VRAM_API vram_status vram_gpu_get_f64(uint32_t index, vram_gpu_key key, double *out_value);

/** @} */

/**
 * @defgroup api JSON API
 * @brief One JSON request in, one JSON response out (doc/api-json.md).
 * @{
 */

/**
 * @brief Answer a JSON request (the seed vLLM calculator's API, extended).
 *
 * On a request error the response is still written: an object
 * `{"api_version": 1, "error": {"code": "VRAM_E_RANGE", "message": "..."}}`,
 * and the status says which error it was.
 * @param request UTF-8 JSON text (need not be NUL-terminated).
 * @param len     Its length in bytes.
 * @param out     Output buffer for the NUL-terminated response (may be NULL when @p cap is 0).
 * @param cap     Capacity of @p out.
 * @param[out] needed Bytes the response needs including its NUL (may be NULL).
 * @retval VRAM_OK the response is a success object.
 * @retval VRAM_E_BUFFER_TOO_SMALL nothing useful written; call again with *needed bytes.
 * @retval other the response is an error object carrying that code.
 * @since 0.1
 */
VRAM_API vram_status vram_api_call(const char *request, size_t len, char *out, size_t cap, size_t *needed);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* VRAMEST_H */
