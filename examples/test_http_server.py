"""Tests of the example HTTP server, examples/http_server.py.

The server runs as its own process on a free loopback port (--port 0, read
back from its log) and loads the library named by VRAMEST_LIBRARY through
--library; the tests talk HTTP to it and compare its answers with the
library's own, through the Python binding (PYTHONPATH holds it).
"""

import http.client
import json
import os
import pathlib
import queue
import re
import socket
import subprocess
import sys
import threading
import unittest

import vramest

SERVER = pathlib.Path(__file__).resolve().parent / "http_server.py"
HOST = "127.0.0.1"
ENDPOINT = "/estimate-gpu-memory"
JSON = {"Content-Type": "application/json"}

# The seed calculator's example request, copied from its API document (seed
# document 002, "vLLM GPU 메모리 계산기 API 문서", section "요청 예시").
SEED_REQUEST = {
    "model_name": "meta-llama/Llama-2-7b",
    "max_seq_len": 2048,
    "dtype": "float16",
    "max_batch_size": 32,
    "gpu_memory_utilization": 0.9,
    "quantization": None,
    "params_billions": None,
    "architecture": {
        "num_layers": 32,
        "hidden_size": 4096,
        "num_heads": 32,
        "head_dim": 128,
        "intermediate_size": 11008,
    },
}

# The fields of the seed API's response table (same document, "응답").
SEED_RESPONSE_FIELDS = [
    "model_name", "model_params_memory_gb", "activation_memory_gb", "min_kv_cache_memory_gb",
    "max_kv_cache_memory_gb", "cuda_overhead_gb", "total_min_memory_gb", "total_max_memory_gb",
    "recommended_memory_gb", "warning", "components_breakdown", "architecture_used",
]

# Llama-2-7B's KV cache per token in float16: 32 layers x 32 KV heads (no
# GQA) x 128 dims x 2 (K and V) x 2 bytes.
LLAMA2_KV_BYTES_PER_TOKEN = 32 * 32 * 128 * 2 * 2

# LoRA on every linear module of Llama-3.1-8B at rank 16: per layer
# r x (in + out) over q (4096+4096), k and v (4096+1024 each), o (4096+4096),
# gate and up (4096+14336 each) and down (14336+4096) = 16 x 81,920; x 32.
LLAMA31_8B_ALL_LINEAR_R16 = 32 * 16 * 81920


class ServerProcess:
    """examples/http_server.py in a child process; its log is kept."""

    def __init__(self):
        cmd = [sys.executable, "-W", "error", str(SERVER), "--host", HOST, "--port", "0",
               "--library", os.environ["VRAMEST_LIBRARY"]]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.log = []
        lines = queue.Queue()

        def drain():  # keep reading, or a full pipe would block the server
            for line in self.proc.stderr:
                self.log.append(line)
                lines.put(line)
            lines.put(None)

        self.reader = threading.Thread(target=drain, daemon=True)
        self.reader.start()
        self.port = None
        while self.port is None:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                self.stop()
                raise RuntimeError("the server did not start in 60 s:\n" + "".join(self.log))
            if line is None:
                self.proc.wait()
                raise RuntimeError(f"the server exited ({self.proc.returncode}):\n" +
                                   "".join(self.log))
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))

    def stop(self):
        """SIGTERM; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=10)
        self.proc.stderr.close()
        return self.proc.returncode


class TestHttpServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess()

    @classmethod
    def tearDownClass(cls):
        status = cls.server.stop()
        if status != 0:
            raise AssertionError(f"the server exited with {status} on SIGTERM:\n" +
                                 "".join(cls.server.log))

    def request(self, method, path, body=None, headers=None, conn=None):
        """(status, headers, body bytes) of one request."""
        own = conn is None
        if own:
            conn = http.client.HTTPConnection(HOST, self.server.port, timeout=60)
        try:
            if isinstance(body, dict):
                body = json.dumps(body)
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.headers, resp.read()
        finally:
            if own:
                conn.close()

    def post(self, body, headers=JSON):
        status, headers, data = self.request("POST", ENDPOINT, body, headers)
        self.assertEqual(headers["Content-Type"], "application/json")
        return status, json.loads(data)

    def raw(self, head, body=b""):
        """Send bytes on a socket; (status, headers, parsed JSON body)."""
        with socket.create_connection((HOST, self.server.port), timeout=60) as s:
            s.sendall(head + body)
            resp = http.client.HTTPResponse(s)
            resp.begin()
            return resp.status, resp.headers, json.loads(resp.read())

    def assert_error(self, status, answer, want_status, code, *needles):
        self.assertEqual(status, want_status, answer)
        self.assertEqual(answer["api_version"], 1)
        self.assertEqual(answer["error"]["code"], code)
        for needle in needles:
            self.assertIn(needle, answer["error"]["message"])

    # ------------------------------------------------------------ estimates

    def test_seed_example_request(self):
        status, answer = self.post(SEED_REQUEST)
        self.assertEqual(status, 200, answer)
        for field in SEED_RESPONSE_FIELDS:
            self.assertIn(field, answer)
        self.assertEqual(answer["model_name"], "meta-llama/Llama-2-7b")
        # the architecture given is the architecture used
        for key, value in SEED_REQUEST["architecture"].items():
            self.assertEqual(answer["architecture_used"][key], value, key)
        # 32 sequences of 2048 tokens (the seed's maximum KV cache)
        parts = answer["devices"][0]["parts"]
        self.assertEqual(parts["kv_cache"], 32 * 2048 * LLAMA2_KV_BYTES_PER_TOKEN)
        self.assertEqual(answer["max_kv_cache_memory_gb"],
                         round(32 * 2048 * LLAMA2_KV_BYTES_PER_TOKEN / 1e9, 2))
        self.assertEqual(answer["engine"], "vllm")
        # the server passes the library's answer on unchanged
        lib_status, lib_text = vramest.api_call_text(SEED_REQUEST)
        self.assertIs(lib_status, vramest.Status.OK)
        status, _, data = self.request("POST", ENDPOINT, json.dumps(SEED_REQUEST), JSON)
        self.assertEqual(data.decode("utf-8"), lib_text)

    def test_documented_answer(self):
        # doc/examples.md shows the answer to one request: its figures are
        # the server's answer today
        page = (SERVER.parent.parent / "doc" / "examples.md").read_text(encoding="utf-8")
        req = re.search(r"-d '(\{\"model_name\": \"Qwen/Qwen3-8B\".*?\})'", page)
        shown = re.search(r"one line of JSON.*?\n```\n(\{\n.*?\n\})\n", page, re.S)
        self.assertIsNotNone(req)
        self.assertIsNotNone(shown)
        status, answer = self.post(json.loads(req.group(1)))
        self.assertEqual(status, 200, answer)
        for field, value in json.loads(shown.group(1)).items():
            self.assertEqual(answer[field], value, field)

    def test_training_request(self):
        request = {"model_name": "meta-llama/Llama-3.1-8B", "mode": "lora", "max_seq_len": 2048,
                   "gpu": "A100-80GB",
                   "training": {"micro_batch_size": 2, "lora_rank": 16,
                                "lora_target_modules": "all-linear",
                                "gradient_checkpointing": True}}
        status, answer = self.post(request)
        self.assertEqual(status, 200, answer)
        self.assertEqual(answer["mode"], "lora")
        self.assertEqual(answer["engine"], "transformers")
        self.assertEqual(answer["params"]["trainable"], LLAMA31_8B_ALL_LINEAR_R16)
        parts = answer["devices"][0]["parts"]
        self.assertEqual(parts["kv_cache"], 0)
        for part in ("weights", "activations", "gradients", "optimizer_states", "adapter_weights"):
            self.assertGreater(parts[part], 0, part)
        self.assertEqual(parts["total"], sum(v for k, v in parts.items() if k != "total"))
        self.assertEqual(answer["fit"]["gpu"], "A100-80GB")
        self.assertIs(answer["fit"]["fits"], True)

    def test_no_content_type_and_charset(self):
        # a Content-Type is optional; JSON with a UTF-8 charset is JSON
        for headers in ({}, {"Content-Type": "application/json; charset=utf-8"}):
            with self.subTest(headers=headers):
                status, answer = self.post(SEED_REQUEST, headers)
                self.assertEqual(status, 200, answer)

    # ------------------------------------------------------- request errors

    def test_request_error_names_the_field(self):
        request = dict(SEED_REQUEST, max_seq_len=-5)
        status, answer = self.post(request)
        self.assert_error(status, answer, 400, "VRAM_E_RANGE", "max_seq_len", "-5")
        # a misspelt field is an error, not silently ignored
        request = dict(SEED_REQUEST, max_batch_sise=8)
        status, answer = self.post(request)
        self.assert_error(status, answer, 400, "VRAM_E_UNKNOWN_KEY", "max_batch_sise")
        # the seed API's 400: utilization outside (0, 1]
        status, answer = self.post(dict(SEED_REQUEST, gpu_memory_utilization=1.5))
        self.assert_error(status, answer, 400, "VRAM_E_RANGE", "gpu_memory_utilization", "1.5")

    def test_malformed_body(self):
        status, answer = self.post('{"model_name": ')
        self.assert_error(status, answer, 400, "VRAM_E_PARSE", "byte")
        for body in (b"", b"\xff\xfe not json", b"[1, 2]"):
            with self.subTest(body=body):
                status, answer = self.post(body)
                self.assertEqual(status, 400, answer)
                self.assertTrue(answer["error"]["code"].startswith("VRAM_E_"), answer)

    def test_content_type_not_json(self):
        status, answer = self.post(json.dumps(SEED_REQUEST), {"Content-Type": "text/plain"})
        self.assert_error(status, answer, 415, "HTTP_UNSUPPORTED_MEDIA_TYPE", "text/plain")
        status, answer = self.post(json.dumps(SEED_REQUEST),
                                   {"Content-Type": "application/json; charset=latin-1"})
        self.assert_error(status, answer, 415, "HTTP_UNSUPPORTED_MEDIA_TYPE", "latin-1")

    def test_body_over_16_mib(self):
        # refused from the header alone, before any of the body is read
        head = (f"POST {ENDPOINT} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {(16 << 20) + 1}\r\n\r\n").encode()
        status, headers, answer = self.raw(head)
        self.assert_error(status, answer, 413, "HTTP_PAYLOAD_TOO_LARGE", str((16 << 20) + 1))
        self.assertEqual(headers["Connection"], "close")
        # 16 MiB exactly is accepted (the request padded with spaces)
        body = json.dumps(SEED_REQUEST).encode()
        body += b" " * ((16 << 20) - len(body))
        status, answer = self.post(body)
        self.assertEqual(status, 200, answer)

    def test_length_required(self):
        head = (f"POST {ENDPOINT} HTTP/1.1\r\nHost: {HOST}\r\n"
                "Content-Type: application/json\r\nConnection: close\r\n\r\n").encode()
        status, _, answer = self.raw(head)
        self.assert_error(status, answer, 411, "HTTP_LENGTH_REQUIRED", "Content-Length")

    # ------------------------------------------------------ paths, methods

    def test_unknown_path(self):
        for method, path in (("GET", "/nope"), ("POST", "/estimate"), ("GET", "/known-architectures/x")):
            with self.subTest(method=method, path=path):
                status, headers, data = self.request(method, path, "{}" if method == "POST" else None)
                self.assertEqual(headers["Content-Type"], "application/json")
                self.assert_error(status, json.loads(data), 404, "HTTP_NOT_FOUND", path)

    def test_wrong_method(self):
        cases = (("GET", ENDPOINT, "POST"), ("POST", "/", "GET"),
                 ("DELETE", "/known-architectures", "GET"), ("PUT", ENDPOINT, "POST"))
        for method, path, allowed in cases:
            with self.subTest(method=method, path=path):
                status, headers, data = self.request(method, path, "{}" if method in ("POST", "PUT")
                                                     else None)
                self.assert_error(status, json.loads(data), 405, "HTTP_METHOD_NOT_ALLOWED", method)
                self.assertIn(allowed, headers["Allow"].split(", "))
                self.assertNotIn(method, headers["Allow"].split(", "))

    # ------------------------------------------------------- GET endpoints

    def test_root_describes_the_service(self):
        status, headers, data = self.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        root = json.loads(data)
        self.assertEqual(root["library_version"], vramest.__version__)
        endpoints = {(e["method"], e["path"]) for e in root["endpoints"]}
        self.assertEqual(endpoints, {("POST", ENDPOINT), ("GET", "/known-architectures"),
                                     ("GET", "/")})
        self.assertEqual(root["example_request"], SEED_REQUEST)
        # and the example it gives works
        status, answer = self.post(root["example_request"])
        self.assertEqual(status, 200, answer)
        # HEAD: the same headers, no body
        status, head_headers, body = self.request("HEAD", "/")
        self.assertEqual(status, 200)
        self.assertEqual(head_headers["Content-Length"], str(len(data)))
        self.assertEqual(body, b"")

    def test_known_architectures(self):
        status, headers, data = self.request("GET", "/known-architectures")
        self.assertEqual(status, 200)
        catalog = json.loads(data)
        presets = vramest.presets()
        self.assertEqual([(a["id"], a["aliases"]) for a in catalog["architectures"]],
                         [(pid, aliases) for pid, aliases in presets])
        llama2 = {a["id"]: a for a in catalog["architectures"]}["meta-llama/Llama-2-7b-hf"]
        self.assertIn("llama-2-7b", llama2["aliases"])
        for key, value in SEED_REQUEST["architecture"].items():
            self.assertEqual(llama2["architecture"][key], value, key)
        self.assertEqual(catalog["gpus"], vramest.gpus())
        h100 = {g["name"]: g for g in catalog["gpus"]}["H100-80GB"]
        # nvidia-smi: "NVIDIA H100 80GB HBM3 ... 81559MiB" (the catalog's source)
        self.assertEqual(h100["memory_bytes"], 81559 << 20)

    # --------------------------------------------------------- connections

    def test_keep_alive_and_threads(self):
        # two requests on one HTTP/1.1 connection
        conn = http.client.HTTPConnection(HOST, self.server.port, timeout=60)
        try:
            for _ in range(2):
                status, _, data = self.request("POST", ENDPOINT, SEED_REQUEST, JSON, conn=conn)
                self.assertEqual(status, 200)
        finally:
            conn.close()
        # a client stalled in the middle of its body holds its own thread
        # only: the others are answered meanwhile
        with socket.create_connection((HOST, self.server.port), timeout=60) as stalled:
            stalled.sendall(f"POST {ENDPOINT} HTTP/1.1\r\nHost: {HOST}\r\n"
                            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
                            .encode())
            conn = http.client.HTTPConnection(HOST, self.server.port, timeout=10)
            try:
                status, _, _ = self.request("GET", "/", conn=conn)
            finally:
                conn.close()
            self.assertEqual(status, 200)
        # concurrent requests each get their own answer
        results = {}

        def ask(seq_len):
            status, answer = self.post(dict(SEED_REQUEST, max_seq_len=seq_len))
            results[seq_len] = (status, answer["devices"][0]["parts"]["kv_cache"])

        lengths = [512 * (i + 1) for i in range(8)]
        threads = [threading.Thread(target=ask, args=(n,)) for n in lengths]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        self.assertEqual(results, {n: (200, 32 * n * LLAMA2_KV_BYTES_PER_TOKEN) for n in lengths})


if __name__ == "__main__":
    unittest.main()
