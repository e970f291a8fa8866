-- test.lua - tests of the Lua binding (run by `meson test`, TAP output).
--
-- LUA_CPATH points at the built module; VRAMEST_HEADER at include/vramest.h,
-- which the constant tests parse. Figures are cited where they appear.

assert(_VERSION == "Lua 5.4", "these tests need Lua 5.4, not " .. _VERSION)
local vramest = require "vramest"

local tests = {}
local function test(name, fn) tests[#tests + 1] = {name = name, fn = fn} end

local function eq(got, want, what)
  if got ~= want then
    error(string.format("%s: got %s, want %s", what or "value", tostring(got), tostring(want)), 2)
  end
end

-- a call that must fail the library way: nil, message, code
local function fails(code, needle, ...)
  local n = select("#", ...)
  local v, msg, name = ...
  if n ~= 3 or v ~= nil then
    error(string.format("expected nil, message, code; got %d values, first %s", n, tostring(v)), 2)
  end
  eq(name, code, "status name")
  assert(type(msg) == "string" and #msg > 0, "empty message")
  if needle and not msg:find(needle, 1, true) then
    error(string.format("message %q lacks %q", msg, needle), 2)
  end
end

-- a call that must raise, with an error message containing needle
local function raises(needle, fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then error("expected an error", 2) end
  if not tostring(err):find(needle, 1, true) then
    error(string.format("error %q lacks %q", tostring(err), needle), 2)
  end
end

local GIB = 1 << 30
-- (uint64_t)(x * 1073741824.0), as the C tests compute it
local function gib(x) return math.floor(x * 1073741824.0) end

-- Llama-3.1-8B, from its config.json: 32 layers, hidden 4096, 32 heads,
-- 8 KV heads, intermediate 14336, vocabulary 128256, context 131072.
local LLAMA_31_8B = {num_layers = 32, hidden_size = 4096, num_heads = 32, num_kv_heads = 8,
                     intermediate_size = 14336, vocab_size = 128256,
                     max_position_embeddings = 131072}
local function llama() return assert(vramest.model(LLAMA_31_8B)) end
-- the bf16 safetensors index's total_size (tests/data/measured.jsonl,
-- w-llama31-8b-total-size)
local LLAMA_BF16_BYTES = 16060522496
-- 2 x 128256 x 4096 + 32 x (2 x 4096^2 + 2 x 4096 x 1024 + 3 x 4096 x 14336
-- + 2 x 4096) + 4096
local LLAMA_PARAMS = 8030261248
-- KV per token: 32 layers x 8 KV heads x 128 dims x 2 (K, V) x 2 bytes
local KV_PER_TOKEN = 32 * 8 * 128 * 2 * 2

---------------------------------------------------------------- module
test("module loads from the build and has _VERSION", function()
  local path = package.searchpath("vramest", package.cpath)
  assert(path, "vramest not on package.cpath")
  eq(type(vramest._VERSION), "string")
  local major, minor, patch = vramest._VERSION:match("^(%d+)%.(%d+)%.(%d+)$")
  assert(major, "_VERSION " .. vramest._VERSION)
  eq(vramest.version_number(), major * 10000 + minor * 100 + patch, "version_number")
end)

-- every enumerator of vramest.h, parsed from the header
local function header_constants()
  local path = assert(os.getenv("VRAMEST_HEADER"), "VRAMEST_HEADER is not set")
  local f = assert(io.open(path, "r"))
  local text = f:read("a")
  f:close()
  local consts, enums = {}, 0
  for body in text:gmatch("typedef enum vram_[%w_]+ {(.-)} vram_[%w_]+;") do
    enums = enums + 1
    body = body:gsub("/%*.-%*/", "")
    for item in body:gmatch("[^,]+") do
      local name, expr = item:match("^%s*VRAM_([%w_]+)%s*=%s*(.-)%s*$")
      if name then
        local a, b = expr:match("^(%d+)u?%s*<<%s*(%d+)$")
        consts[name] = a and (tonumber(a) << tonumber(b)) or assert(math.tointeger(tonumber(expr)),
                                                                    expr)
      end
    end
  end
  local per_channel = text:match("#define VRAM_GROUP_PER_CHANNEL UINT64_C%((%d+)%)")
  return consts, enums, math.tointeger(tonumber(per_channel))
end

test("constants match every enumerator of the header", function()
  local consts, enums, per_channel = header_constants()
  assert(enums >= 25, "vramest.h 0.1 has 25 enums; parsed " .. enums)
  local n = 0
  for name, value in pairs(consts) do
    n = n + 1
    eq(vramest[name], value, name)
  end
  assert(n >= 340, "parsed only " .. n .. " enumerators")
  eq(vramest.GROUP_PER_CHANNEL, per_channel, "GROUP_PER_CHANNEL")
  -- and no constant that the header lacks
  for name, value in pairs(vramest) do
    if name:match("^[A-Z][A-Z0-9_]*$") and name ~= "GROUP_PER_CHANNEL" then
      eq(consts[name], value, "module constant " .. name)
    end
  end
  -- spot values (vramest.h): VRAM_CFG_SEQ_LEN = 102, VRAM_E_RANGE = 2
  eq(vramest.CFG_SEQ_LEN, 102)
  eq(vramest.E_RANGE, 2)
  eq(vramest.WARN_UNKNOWN_DEVICE, 512)
end)

---------------------------------------------------------------- lifetime
test("close is idempotent and a closed handle raises", function()
  for _, make in ipairs({vramest.model, vramest.config, vramest.result}) do
    local h = make()
    local kind = vramest.type(h)
    h:close()
    h:close()
    eq(vramest.type(h), "closed " .. kind)
    assert(tostring(h):find("closed", 1, true))
  end
  local m = vramest.model(); m:close()
  raises("closed model", m.get, m, "num_layers")
  raises("closed model", m.set, m, "num_layers", 2)
  raises("closed model", m.clone, m)
  local c = vramest.config(); c:close()
  raises("closed config", c.get, c, "seq_len")
  local r = vramest.result(); r:close()
  raises("closed result", r.bytes, r)
  raises("closed result", r.to_json, r)
  -- closed handles handed to module functions
  local lm, lc = llama(), vramest.config()
  raises("closed model", vramest.estimate_inference, m, lc)
  raises("closed config", vramest.estimate_inference, lm, c)
  raises("closed result", vramest.estimate_inference, lm, lc, r)
  raises("closed config", vramest.solve_max_batch, lm, c, "inference", GIB)
  lm:close(); lc:close()
end)

test("to-be-closed variables close at the end of the block", function()
  local kept_m, kept_r
  do
    local m <close> = llama()
    local c <close> = vramest.config{seq_len = 4096}
    local r <close> = vramest.estimate_inference(m, c)
    eq(r:bytes("kv_cache"), 4096 * KV_PER_TOKEN)
    kept_m, kept_r = m, r
  end
  eq(vramest.type(kept_m), "closed model")
  eq(vramest.type(kept_r), "closed result")
  -- and on the way out of an error
  local kept_c
  local ok = pcall(function()
    local c <close> = vramest.config()
    kept_c = c
    error("boom")
  end)
  assert(not ok)
  eq(vramest.type(kept_c), "closed config")
end)

test("garbage collection frees handles with the same closer", function()
  for _, make in ipairs({vramest.model, vramest.config, vramest.result}) do
    local mt = getmetatable(make())
    eq(mt.__gc, mt.__close, "__gc is __close")
    eq(mt.__gc, mt.__index.close, "__gc is :close()")
  end
  local weak = setmetatable({}, {__mode = "v"})
  for i = 1, 100 do weak[i] = vramest.model{num_layers = i} end
  collectgarbage(); collectgarbage()
  eq(next(weak), nil, "a handle survived collection")
  -- the collector's call leaves a handle closed, as :close() does
  local h = vramest.config()
  getmetatable(h).__gc(h)
  eq(vramest.type(h), "closed config")
end)

test("vramest.type", function()
  eq(vramest.type(vramest.model()), "model")
  eq(vramest.type(vramest.config()), "config")
  eq(vramest.type(vramest.result()), "result")
  eq(vramest.type(io.stdout), nil)
  eq(vramest.type("model"), nil)
end)

---------------------------------------------------------------- errors
test("library failures return nil, message, code", function()
  local c = vramest.config()
  fails("VRAM_E_RANGE", "seq_len", c:set("seq_len", 0))
  fails("VRAM_E_RANGE", "got 0", c:set(vramest.CFG_SEQ_LEN, 0))
  fails("VRAM_E_UNKNOWN_KEY", "bfloat17", c:set("dtype", "bfloat17"))
  fails("VRAM_E_NOT_FOUND", "H100-90GB", c:set("gpu", "H100-90GB"))
  fails("VRAM_E_NOT_FOUND", "no_such_key", c:get("no_such_key"))
  fails("VRAM_E_RANGE", "seq_len", vramest.config{seq_len = 0})
  local m = vramest.model()
  fails("VRAM_E_READ_ONLY", "params_total", m:set("params_total", 1))
  fails("VRAM_E_TYPE", "hidden_size", m:set("hidden_size", "rmsnorm"))
  fails("VRAM_E_INCOMPLETE", nil, m:validate())
  fails("VRAM_E_INCOMPLETE", nil, vramest.estimate_inference(m, c))
  local r = vramest.result()
  fails("VRAM_E_RANGE", "no estimate", r:bytes())
  fails("VRAM_E_RANGE", "no estimate", r:to_json())
  fails("VRAM_E_NOT_FOUND", "H100-90GB", vramest.gpu_find("H100-90GB"))
  eq(vramest.status_name(vramest.E_RANGE), "VRAM_E_RANGE")
  eq(vramest.strerror(999), "unknown status")
  m:close(); c:close(); r:close()
end)

test("bad argument types raise", function()
  local c = vramest.config()
  raises("number, boolean or string expected, got table", c.set, c, "seq_len", {})
  raises("must not be negative", c.set, c, "seq_len", -1)
  raises("number has no integer representation", c.set, c, "seq_len", 1.5)
  raises("bad argument #1", c.get, "seq_len")
  -- handle types cannot be mixed up
  local m <close> = llama()
  raises("vramest.model expected, got vramest.config", vramest.estimate_inference, c, c)
  raises("vramest.config expected, got vramest.model", vramest.estimate_inference, m, m)
  raises("vramest.result expected, got vramest.model", vramest.estimate_inference, m, c, m)
  raises("unknown part 'kv'", function() return vramest.result():bytes("kv") end)
  raises("unknown mode 'decode'", vramest.estimate, m, c, "decode")
  raises("bad argument #1", vramest.model, "not a table")
  c:close()
end)

---------------------------------------------------------------- estimates
test("Llama-3.1-8B: bf16 weights and KV cache to the byte", function()
  local m <close> = llama()
  local c <close> = vramest.config{seq_len = 4096, dtype = "bfloat16"}
  local r <close> = vramest.estimate_inference(m, c)
  eq(r:bytes(vramest.PART_WEIGHTS), LLAMA_BF16_BYTES, "weights")
  eq(r:bytes("weights", 0), LLAMA_BF16_BYTES, "weights by name")
  -- 4096 x 32 x 8 x 128 x 2 x 2 = 536,870,912
  eq(r:bytes("kv_cache"), 536870912, "kv_cache")
  eq(r:get("params_total"), LLAMA_PARAMS)
  eq(r:get(vramest.RES_KV_BYTES_PER_TOKEN), KV_PER_TOKEN)
  eq(math.type(r:get("weight_bits")), "float")
  eq(r:get("weight_bits"), 16.0)
  eq(r:kind("weights"), vramest.KIND_EXACT)
  eq(r:kind("activations"), vramest.KIND_MODELLED)
  eq(r:kind("gradients"), vramest.KIND_NONE)
  local lo, hi = r:band("weights")
  eq(lo, LLAMA_BF16_BYTES); eq(hi, LLAMA_BF16_BYTES)
  local sum = 0
  for p = vramest.PART_WEIGHTS, vramest.PART_WEIGHT_COPIES do sum = sum + r:bytes(p) end
  eq(sum, r:bytes(), "parts sum to the total")
  eq(r:get("peak_device_bytes"), sum)
  fails("VRAM_E_UNKNOWN_KEY", nil, r:bytes(17))
  fails("VRAM_E_RANGE", "device", r:bytes("total", 1))
  local json = r:to_json()
  assert(json:find('"kv_cache": 536870912', 1, true), json)
  assert(json:find('"weights": 16060522496', 1, true), json)
end)

test("results are reused and setters chain", function()
  local m <close> = llama()
  local c <close> = vramest.config()
  eq(c:set("seq_len", 4096):set("batch_size", 2), c, "chained setters")
  local r <close> = vramest.result()
  eq(vramest.estimate_inference(m, c, r), r, "the result passed in")
  eq(r:bytes("kv_cache"), 2 * 4096 * KV_PER_TOKEN)
  c:set("seq_len", 8192)
  vramest.estimate(m, c, "inference", r)
  eq(r:bytes("kv_cache"), 2 * 8192 * KV_PER_TOKEN)
  -- the four estimates and the dispatcher agree
  local direct = {inference = vramest.estimate_inference, full_ft = vramest.estimate_full_ft,
                  lora = vramest.estimate_lora, qlora = vramest.estimate_qlora}
  for mode, fn in pairs(direct) do
    local a <close> = fn(m, c)
    local b <close> = vramest.estimate(m, c, mode)
    local i <close> = vramest.estimate(m, c, vramest["MODE_" .. mode:upper()])
    eq(a:to_json(), b:to_json(), mode)
    eq(a:to_json(), i:to_json(), mode)
  end
end)

test("model keys, layers and names", function()
  local m <close> = llama()
  eq(m:get("hidden_size"), 4096)
  eq(m:get(vramest.MODEL_HIDDEN_SIZE), 4096)
  eq(m:get("params_total"), LLAMA_PARAMS)
  eq(m:set("quant", "gptq"):set("quant_bits", 4), m)
  eq(m:get("quant"), vramest.QUANT_GPTQ)
  m:set("tie_word_embeddings", true)
  eq(m:get("tie_word_embeddings"), 1)
  -- window 4096, every layer global by pattern (p = 1), then layer 5 slides
  m:set("sliding_window", 4096):set("sliding_pattern", 1)
  eq(m:get_layer(5, "attention"), vramest.LAYER_ATTN_FULL)
  m:set_layer(5, "attention", vramest.LAYER_ATTN_SLIDING)
  eq(m:get_layer(5, vramest.LAYER_ATTENTION), vramest.LAYER_ATTN_SLIDING)
  eq(m:get("num_sliding_layers"), 1)
  fails("VRAM_E_RANGE", nil, m:get_layer(32, "mlp"))
  eq(m:set_name("meta-llama/Llama-3.1-8B"), m)
  eq(m:name(), "meta-llama/Llama-3.1-8B")
  fails("VRAM_E_LIMIT", nil, m:set_name(string.rep("x", 128)))
  local copy <close> = m:clone()
  copy:set("hidden_size", 2048)
  eq(m:get("hidden_size"), 4096)
  eq(copy:name(), "meta-llama/Llama-3.1-8B")
  eq(m:validate(), true)
  local named <close> = vramest.model{name = "tiny", num_layers = 2}
  eq(named:name(), "tiny")
end)

test("config keys: types, defaults, text", function()
  local c <close> = vramest.config{seq_len = 8192, gpu = "H100-80GB", dtype = "bfloat16"}
  eq(c:get("seq_len"), 8192)
  eq(c:get("dtype"), vramest.DTYPE_BF16)
  eq(c:get("gpu"), vramest.gpu_find("H100-80GB").index + 1, "gpu is index + 1")
  eq(c:is_set("seq_len"), true)
  eq(c:is_set("batch_size"), false)
  eq(c:unset("seq_len"), c)
  eq(c:get("seq_len"), 4096, "documented default")
  eq(math.type(c:get("gpu_memory_utilization")), "float")
  eq(c:get("gpu_memory_utilization"), 0.9, "vLLM's default")
  c:set("gpu_memory_utilization", 1)
  eq(c:get("gpu_memory_utilization"), 1.0)
  c:set("gpu_memory_bytes", 80e9) -- a float with an integer value
  eq(c:get("gpu_memory_bytes"), 80000000000)
  c:set("lora_targets", "q_proj,k_proj")
  eq(c:get("lora_targets"), (1 << vramest.MODULE_Q_PROJ) | (1 << vramest.MODULE_K_PROJ))
  local t, lo, hi = vramest.config_key_bounds("seq_len")
  eq(t, vramest.TYPE_U64); eq(lo, 1.0); eq(hi, 2.0 ^ 32)
  local clone <close> = c:clone()
  clone:set("seq_len", 16)
  eq(c:get("seq_len"), 4096)
end)

test("128 devices", function()
  local m <close> = llama()
  local c <close> = vramest.config{tensor_parallel_size = 8, pipeline_parallel_size = 4,
                                   data_parallel_size = 4}
  local r <close> = vramest.estimate_inference(m, c)
  eq(r:get("num_devices"), 128)
  local json = r:to_json()
  local n = 0
  for _ in json:gmatch('"index": %d+') do n = n + 1 end
  eq(n, 128, "devices in the JSON")
  for d = 0, 127 do assert(r:bytes("total", d) > 0) end
  fails("VRAM_E_RANGE", "device", r:bytes("total", 128))
end)

---------------------------------------------------------------- solvers
test("solvers", function()
  local m <close> = llama()
  -- vLLM log (tests/data/measured.jsonl vllm-llmd-llama31-8b-tp1-8192):
  -- "Maximum concurrency for 8,192 tokens per request: 58.11x" on an H100
  -- reporting 79.19 GiB, gpu_memory_utilization 0.95
  local v <close> = vramest.config{engine = "vllm", seq_len = 8192, gpu_memory_utilization = 0.95}
  eq(vramest.solve_max_batch(m, v, "inference", gib(79.19)), 58)
  -- the whole context fits: the answer stops at max_position_embeddings
  eq(vramest.solve_max_seq_len(m, v, vramest.MODE_INFERENCE, gib(79.19)), 131072)
  -- without that limit one sequence fills the KV cache
  m:set("max_position_embeddings", 0)
  local s = vramest.solve_max_seq_len(m, v, vramest.MODE_INFERENCE, gib(79.19))
  assert(math.abs(s - 476016) <= 500 and s % 16 == 0, s) -- "476,016 tokens"
  local c <close> = vramest.config()
  fails("VRAM_E_DOES_NOT_FIT", nil, vramest.solve_max_batch(m, c, "inference", 8 * GIB))
  -- Llama-3.1-70B (config.json shapes): 141 GB of bf16 weights, two devices
  local big <close> = vramest.model{num_layers = 80, hidden_size = 8192, num_heads = 64,
                                    num_kv_heads = 8, intermediate_size = 28672,
                                    vocab_size = 128256}
  local tp, pp, n = vramest.solve_min_gpus(big, c, "inference", gib(79.19), 64)
  eq(tp, 2); eq(pp, 1); eq(n, 2)
  fails("VRAM_E_DOES_NOT_FIT", nil, vramest.solve_min_gpus(big, c, "inference", gib(79.19), 1))
  -- bf16 16.1 GB fits 20 GiB; GPTQ 4-bit in 8 GiB; llama.cpp Q8_0 in 10 GiB
  eq(vramest.solve_best_quant(m, c, 20 * GIB), vramest.QUANT_NONE)
  local q, bits = vramest.solve_best_quant(m, c, 8 * GIB)
  eq(q, vramest.QUANT_GPTQ); eq(bits, 4)
  local l <close> = vramest.config{engine = "llama.cpp"}
  q, bits = vramest.solve_best_quant(m, l, 10 * GIB)
  eq(q, vramest.QUANT_GGUF); eq(bits, vramest.GGUF_Q8_0)
  -- LoRA at batch 2: 8192 tokens need checkpointing in 80 GiB, 512 do not
  local t <close> = vramest.config{batch_size = 2, seq_len = 8192}
  eq(vramest.solve_needs_checkpointing(m, t, "lora", 80 * GIB), true)
  t:set("seq_len", 512)
  eq(vramest.solve_needs_checkpointing(m, t, "lora", 80 * GIB), false)
  fails("VRAM_E_RANGE", nil, vramest.solve_needs_checkpointing(m, t, "inference", 80 * GIB))
end)

---------------------------------------------------------------- catalogs
test("GPU catalog", function()
  local gpus = vramest.gpus()
  assert(#gpus >= 24, "the 24-GPU catalog of 0.1")
  for i, g in ipairs(gpus) do
    eq(g.index, i - 1, "0-based index")
    eq(type(g.name), "string"); eq(type(g.aliases), "table")
    eq(math.type(g.memory_bytes), "integer"); eq(math.type(g.bandwidth_gbps), "float")
    assert(g.usable_bytes <= g.memory_bytes)
    eq(vramest.gpu_find(g.name).index, g.index)
    for _, alias in ipairs(g.aliases) do eq(vramest.gpu_find(alias).index, g.index, alias) end
  end
  local h100 = vramest.gpu_find("h100")
  eq(h100.name, "H100-80GB")
  -- NVIDIA/nccl#1264, nvidia-smi: "NVIDIA H100 80GB HBM3 ... 81559MiB"
  eq(h100.memory_bytes, 81559 * 1024 * 1024)
  eq(vramest.gpu(h100.index).name, "H100-80GB")
  fails("VRAM_E_RANGE", nil, vramest.gpu(#gpus))
end)

---------------------------------------------------------------- GGUF source
-- A one-layer llama in F16 with F32 norms, the file of
-- bindings/python/tests/test_sources.py: h = 64, 2 heads, 1 KV head, MLP 128,
-- vocabulary 100; 100,096 bytes of tensors, 49,856 parameters.
local function tiny_gguf()
  local function s(x) return string.pack("<I8", #x) .. x end
  local kv = {
    {"general.architecture", 8, s("llama")}, {"general.name", 8, s("tiny-f16")},
    {"llama.block_count", 4, string.pack("<I4", 1)},
    {"llama.context_length", 4, string.pack("<I4", 512)},
    {"llama.embedding_length", 4, string.pack("<I4", 64)},
    {"llama.feed_forward_length", 4, string.pack("<I4", 128)},
    {"llama.attention.head_count", 4, string.pack("<I4", 2)},
    {"llama.attention.head_count_kv", 4, string.pack("<I4", 1)},
    {"llama.rope.freq_base", 6, string.pack("<f", 10000.0)},
    {"llama.attention.layer_norm_rms_epsilon", 6, string.pack("<f", 1e-5)},
    {"general.file_type", 4, string.pack("<I4", 1)},
  }
  local tokens = {}
  for i = 0, 99 do tokens[#tokens + 1] = s("t" .. i) end
  kv[#kv + 1] = {"tokenizer.ggml.tokens", 9, string.pack("<I4I8", 8, 100) .. table.concat(tokens)}
  local F32, F16 = 0, 1
  local tensors = {
    {"token_embd.weight", {64, 100}, F16}, {"output_norm.weight", {64}, F32},
    {"output.weight", {64, 100}, F16}, {"blk.0.attn_norm.weight", {64}, F32},
    {"blk.0.attn_q.weight", {64, 64}, F16}, {"blk.0.attn_k.weight", {64, 32}, F16},
    {"blk.0.attn_v.weight", {64, 32}, F16}, {"blk.0.attn_output.weight", {64, 64}, F16},
    {"blk.0.ffn_norm.weight", {64}, F32}, {"blk.0.ffn_gate.weight", {64, 128}, F16},
    {"blk.0.ffn_up.weight", {64, 128}, F16}, {"blk.0.ffn_down.weight", {128, 64}, F16},
  }
  local out = {"GGUF", string.pack("<I4I8I8", 3, #tensors, #kv)}
  for _, e in ipairs(kv) do out[#out + 1] = s(e[1]) .. string.pack("<I4", e[2]) .. e[3] end
  local offset = 0
  for _, t in ipairs(tensors) do
    local n = 1
    out[#out + 1] = s(t[1]) .. string.pack("<I4", #t[2])
    for _, d in ipairs(t[2]) do out[#out + 1] = string.pack("<I8", d); n = n * d end
    out[#out + 1] = string.pack("<I4I8", t[3], offset)
    offset = offset + ((n * (t[3] == F32 and 4 or 2) + 31) // 32) * 32
  end
  local head = table.concat(out)
  return head .. string.rep("\0", (-#head) % 32) .. string.rep("\0", offset)
end

test("models from GGUF", function()
  local data = tiny_gguf()
  local m <close> = assert(vramest.model_from_gguf_buffer(data))
  eq(m:name(), "tiny-f16")
  eq(m:get("file_weight_bytes"), 100096)
  eq(m:get("params_total"), 49856)
  eq(m:get("num_kv_heads"), 1)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
  local mf <close> = assert(vramest.model_from_gguf_file(path))
  os.remove(path)
  eq(mf:get("file_weight_bytes"), 100096)
  fails("VRAM_E_PARSE", nil, vramest.model_from_gguf_buffer(data:sub(1, 100)))
  fails("VRAM_E_IO", nil, vramest.model_from_gguf_file(path)) -- removed above
end)

---------------------------------------------------------------- other sources
-- Llama-3.1-8B's config.json (meta-llama/Llama-3.1-8B), the fields that
-- shape the model
local LLAMA_31_8B_CONFIG = [[{"architectures": ["LlamaForCausalLM"], "model_type": "llama",
  "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
  "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 128256,
  "max_position_embeddings": 131072, "tie_word_embeddings": false,
  "torch_dtype": "bfloat16", "hidden_act": "silu", "rms_norm_eps": 1e-05,
  "attention_bias": false, "mlp_bias": false, "rope_theta": 500000.0}]]

local function write_file(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

test("models from presets, and the model catalog", function()
  local m <close> = assert(vramest.model_from_preset("meta-llama/Llama-3.1-8B"))
  eq(m:get("params_total"), LLAMA_PARAMS)
  eq(m:name(), "meta-llama/Llama-3.1-8B")
  local n = vramest.preset_count()
  eq(math.type(n), "integer")
  assert(n >= 50, "the catalog of 0.1 has 54 presets; got " .. n)
  local list = vramest.presets()
  eq(#list, n, "#presets()")
  local seen = false
  for i, p in ipairs(list) do
    eq(p.index, i - 1, "0-based index")
    eq(vramest.preset_id(p.index), p.id, "preset_id")
    local aliases = vramest.preset_aliases(p.index)
    eq(#aliases, #p.aliases, p.id .. " aliases")
    -- an id and each of its aliases name the same architecture
    local pm <close> = assert(vramest.model_from_preset(p.id))
    for k, alias in ipairs(p.aliases) do
      eq(aliases[k], alias, "alias")
      local am <close> = assert(vramest.model_from_preset(alias))
      eq(am:get("params_total"), pm:get("params_total"), alias)
    end
    seen = seen or p.id == "meta-llama/Llama-3.1-8B"
  end
  assert(seen, "meta-llama/Llama-3.1-8B is not in presets()")
  fails("VRAM_E_RANGE", "out of range", vramest.preset_id(n))
  fails("VRAM_E_RANGE", "out of range", vramest.preset_aliases(n))
  fails("VRAM_E_NOT_FOUND", "no-such-model", vramest.model_from_preset("no-such-model"))
  -- closed models say why there is no architecture
  fails("VRAM_E_NOT_FOUND", "closed model", vramest.model_from_preset("gpt-4"))
  raises("number expected", vramest.preset_id, "first")
end)

test("models from config.json, text and file", function()
  local m <close> = assert(vramest.model_from_hf_config(LLAMA_31_8B_CONFIG))
  eq(m:get("params_total"), LLAMA_PARAMS)
  eq(m:get("num_kv_heads"), 8)
  local c <close> = vramest.config{seq_len = 4096}
  local r <close> = assert(vramest.estimate_inference(m, c))
  eq(r:bytes("weights"), LLAMA_BF16_BYTES, "bf16 weights")
  fails("VRAM_E_PARSE", "byte", vramest.model_from_hf_config('{"hidden_size": 4096,'))
  local path = os.tmpname()
  write_file(path, LLAMA_31_8B_CONFIG)
  local mf <close> = assert(vramest.model_from_hf_config_file(path))
  os.remove(path)
  eq(mf:get("params_total"), LLAMA_PARAMS)
  fails("VRAM_E_IO", nil, vramest.model_from_hf_config_file(path)) -- removed above
end)

-- The tiny one-layer llama of tiny_gguf as a bf16 safetensors header
-- (h = 64, 2 heads of 32, 1 KV head, MLP 128, vocabulary 100): 49,856
-- parameters, 99,712 bytes of tensors.
local function tiny_safetensors()
  local h, i, v, kv = 64, 128, 100, 32
  local shapes = {
    {"model.embed_tokens.weight", {v, h}}, {"lm_head.weight", {v, h}}, {"model.norm.weight", {h}},
    {"model.layers.0.input_layernorm.weight", {h}},
    {"model.layers.0.post_attention_layernorm.weight", {h}},
    {"model.layers.0.self_attn.q_proj.weight", {h, h}},
    {"model.layers.0.self_attn.k_proj.weight", {kv, h}},
    {"model.layers.0.self_attn.v_proj.weight", {kv, h}},
    {"model.layers.0.self_attn.o_proj.weight", {h, h}},
    {"model.layers.0.mlp.gate_proj.weight", {i, h}},
    {"model.layers.0.mlp.up_proj.weight", {i, h}},
    {"model.layers.0.mlp.down_proj.weight", {h, i}},
  }
  local items, offset = {}, 0
  for _, t in ipairs(shapes) do
    local n = 2
    for _, d in ipairs(t[2]) do n = n * d end
    items[#items + 1] = string.format('"%s": {"dtype": "BF16", "shape": [%s], "data_offsets": [%d, %d]}',
                                      t[1], table.concat(t[2], ", "), offset, offset + n)
    offset = offset + n
  end
  local header = "{" .. table.concat(items, ", ") .. "}"
  return string.pack("<I8", #header) .. header, offset
end

test("models from safetensors headers, buffer and file", function()
  local head, bytes = tiny_safetensors()
  eq(bytes, 99712, "tensor bytes")
  -- the heads are not in the tensors: a buffer has no config.json beside it
  fails("VRAM_E_INCOMPLETE", "config.json", vramest.model_from_safetensors_buffer(head))
  fails("VRAM_E_PARSE", nil, vramest.model_from_safetensors_buffer(head:sub(1, 20)))
  -- a file with its config.json beside it, in a directory of its own
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir " .. dir), "mkdir " .. dir)
  local file, config = dir .. "/model.safetensors", dir .. "/config.json"
  write_file(file, head .. string.rep("\0", bytes))
  write_file(config, [[{"model_type": "llama", "architectures": ["LlamaForCausalLM"],
    "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 2,
    "num_key_value_heads": 1, "num_hidden_layers": 1, "vocab_size": 100,
    "max_position_embeddings": 512, "tie_word_embeddings": false, "torch_dtype": "bfloat16"}]])
  local m, msg, code = vramest.model_from_safetensors_file(file)
  os.remove(file); os.remove(config); os.remove(dir)
  assert(m, tostring(msg) .. " " .. tostring(code))
  eq(m:get("file_weight_bytes"), 99712)
  eq(m:get("params_total"), 49856)
  eq(m:get("num_heads"), 2)
  eq(m:get("num_kv_heads"), 1)
  m:close()
  fails("VRAM_E_IO", nil, vramest.model_from_safetensors_file(file)) -- removed above
end)

test("models from a parameter count", function()
  local m <close> = assert(vramest.model_from_param_count(7e9))
  eq(m:get("params_total"), 7000000000, "the total is kept exactly")
  local c <close> = vramest.config()
  local r <close> = assert(vramest.estimate_inference(m, c))
  assert(r:get("warnings") & vramest.WARN_ARCH_ESTIMATED ~= 0, "ARCH_ESTIMATED warning")
  local mi <close> = assert(vramest.model_from_param_count(7000000000)) -- an integer works too
  eq(mi:get("params_total"), 7000000000)
  fails("VRAM_E_RANGE", "NaN", vramest.model_from_param_count(0 / 0))
  fails("VRAM_E_RANGE", nil, vramest.model_from_param_count(1e3))
  raises("number expected", vramest.model_from_param_count, "7e9x")
end)

test("the JSON API", function()
  -- the seed vLLM calculator's request fields, with transformers' rules
  -- (vLLM adds its rotary cache to the weights)
  local resp, code = vramest.api_call([[{"model_name": "meta-llama/Llama-3.1-8B",
    "max_seq_len": 4096, "dtype": "bfloat16", "engine": "transformers"}]])
  eq(code, "VRAM_OK")
  eq(resp:sub(1, 17), '{"api_version": 1')
  assert(resp:find('"weights": ' .. LLAMA_BF16_BYTES .. ",", 1, true), "bf16 weights in " .. resp)
  -- max_batch_size defaults to 32 sequences, as in the seed API
  assert(resp:find('"kv_cache": ' .. 32 * 4096 * KV_PER_TOKEN .. ",", 1, true),
         "KV cache in " .. resp)
  assert(resp:find('"model_name": "meta-llama/Llama-3.1-8B"', 1, true))
  -- a request error is an answer too: the error object and its code
  resp, code = vramest.api_call('{"model_name": "meta-llama/Llama-3.1-8B", "max_seq_len": -5}')
  eq(code, "VRAM_E_RANGE")
  eq(resp, '{"api_version": 1, "error": {"code": "VRAM_E_RANGE", ' ..
           '"message": "max_seq_len must be > 0, got -5"}}')
  resp, code = vramest.api_call('{"model_name": ')
  eq(code, "VRAM_E_PARSE")
  assert(resp:find('"code": "VRAM_E_PARSE"', 1, true), resp)
  raises("string expected", vramest.api_call, {})
end)

---------------------------------------------------------------- byte range
test("bytes stay integers up to the 64-bit range", function()
  -- 2^10 sequences x 2^20 tokens x 131,072 (2^17) bytes = 2^47 bytes of KV
  local m <close> = llama()
  local c <close> = vramest.config{batch_size = 1024, seq_len = 1048576}
  local r <close> = vramest.estimate_inference(m, c)
  eq(r:bytes("kv_cache"), 1 << 47)
  eq(math.type(r:bytes("kv_cache")), "integer")
  -- 2^24 sequences x 2^32 tokens overflow 64 bits: an error, not a number
  c:set("batch_size", 1 << 24):set("seq_len", 1 << 32)
  fails("VRAM_E_OVERFLOW", nil, vramest.estimate_inference(m, c, r))
end)

---------------------------------------------------------------- runner (TAP)
print("1.." .. #tests)
local failed = 0
for i, t in ipairs(tests) do
  local ok, err = xpcall(t.fn, debug.traceback)
  collectgarbage()
  if ok then
    print(string.format("ok %d - %s", i, t.name))
  else
    failed = failed + 1
    print(string.format("not ok %d - %s", i, t.name))
    for line in tostring(err):gmatch("[^\n]+") do print("# " .. line) end
  end
end
os.exit(failed == 0 and 0 or 1)
