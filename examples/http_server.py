#!/usr/bin/env python3
"""http_server.py - the libvramest JSON API over HTTP, an example server.

The three endpoints of the seed vLLM GPU memory calculator, answered by
libvramest through its Python binding (bindings/python, over ctypes):

  POST /estimate-gpu-memory   a JSON request in, vram_api_call()'s response
                              out: 200 on success, 400 on a request error
                              (the error object names the field and value)
  GET  /known-architectures   the model catalog (id, aliases and the
                              architecture the API uses for each) and the
                              GPU catalog
  GET  /                      what the service is, its endpoints and an
                              example request

Errors of HTTP itself are JSON error objects of the same shape,
{"api_version": 1, "error": {"code": "HTTP_...", "message": "..."}}: 404 for
another path, 405 for another method (with Allow), 411 without a
Content-Length, 413 for a body over 16 MiB, 415 for a Content-Type that is
not JSON.

Usage: python3 http_server.py [--host 127.0.0.1] [--port 8000] [--library PATH]

The binding loads the library named by --library, else by VRAMEST_LIBRARY,
else the system's libvramest. The server is threaded: the library is
thread-safe and keeps no state between calls. It logs to standard error and
stops on SIGINT or SIGTERM. Python 3 standard library only.
"""

import argparse
import http
import http.server
import json
import logging
import os
import signal
import socket
import sys
import urllib.parse

#: The largest request body accepted, the library's own document limit.
MAX_BODY_BYTES = 16 << 20

#: The seed calculator's example request ("요청 예시" of its API document).
EXAMPLE_REQUEST = {
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

#: path -> methods it answers
ROUTES = {
    "/": ("GET", "HEAD"),
    "/known-architectures": ("GET", "HEAD"),
    "/estimate-gpu-memory": ("POST",),
}

log = logging.getLogger("vramest.http")


def load_binding(library):
    """Import the vramest binding, loading `library` if given.

    From a source tree the binding is found beside this file
    (../bindings/python) when it is not installed.
    """
    if library:
        os.environ["VRAMEST_LIBRARY"] = library
    try:
        import vramest
    except ModuleNotFoundError as e:
        if e.name != "vramest":
            raise
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path.insert(0, os.path.join(os.path.dirname(here), "bindings", "python"))
        import vramest
    return vramest


def error_body(code, message):
    """A JSON error object, the shape of the library's own."""
    return json.dumps({"api_version": 1, "error": {"code": code, "message": message}})


def root_document(vramest):
    return {
        "api_version": 1,
        "service": "libvramest example HTTP server",
        "description": ("Estimates the GPU memory a transformer language model needs for "
                        "inference (vLLM, transformers, llama.cpp), full fine-tuning, LoRA and "
                        "QLoRA, part by part and per device, and whether it fits a GPU. The "
                        "request and response are the seed vLLM GPU memory calculator's, "
                        "extended (the JSON contract, API version 1)."),
        "library_version": vramest.__version__,
        "endpoints": [
            {"method": "POST", "path": "/estimate-gpu-memory",
             "description": "one JSON request in, the estimate out (200), or an error object "
                            "naming the field and the value (400)",
             "content_type": "application/json", "max_body_bytes": MAX_BODY_BYTES},
            {"method": "GET", "path": "/known-architectures",
             "description": "the model catalog (Hugging Face id, aliases, the architecture "
                            "used) and the GPU catalog"},
            {"method": "GET", "path": "/",
             "description": "this document"},
        ],
        "example_request": EXAMPLE_REQUEST,
    }


def catalog_document(vramest):
    """The model catalog, with the architecture the API uses for each, and
    the GPU catalog. Built once: the catalogs are static data."""
    architectures = []
    for preset_id, aliases in vramest.presets():
        status, answer = vramest.api_call_status({"model_name": preset_id,
                                                  "engine": "transformers"})
        if status != vramest.Status.OK:
            raise RuntimeError(f"preset {preset_id}: {answer['error']['message']}")
        architectures.append({"id": preset_id, "aliases": aliases,
                              "architecture": answer["architecture_used"]})
    return {"api_version": 1, "architectures": architectures, "gpus": vramest.gpus()}


class Handler(http.server.BaseHTTPRequestHandler):
    """One connection; HTTP/1.1 keep-alive, every response sized."""

    protocol_version = "HTTP/1.1"
    server_version = "vramest-http-example"
    timeout = 60  # seconds a connection may sit idle or half-sent

    # ---------------------------------------------------------- plumbing

    def log_message(self, format, *args):
        log.info("%s %s", self.address_string(), format % args)

    def log_error(self, format, *args):
        log.warning("%s %s", self.address_string(), format % args)

    def send_json(self, status, text, extra_headers=()):
        body = text.encode("utf-8")
        self.responded = True
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra_headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and status >= 200 and status not in (204, 304):
            self.wfile.write(body)

    def send_error_json(self, status, code, message, extra_headers=()):
        # a body this handler did not read would be taken for the next
        # request: close the connection instead
        headers = self.headers
        if headers.get("Content-Length", "0").strip() not in ("", "0") or \
                "Transfer-Encoding" in headers:
            self.close_connection = True
        self.send_json(status, error_body(code, message), extra_headers)

    def send_error(self, code, message=None, explain=None):
        """The base class's errors (a malformed request line, an unknown
        method, headers too long), as JSON error objects too."""
        status = http.HTTPStatus(code)
        self.close_connection = True
        self.send_json(code, error_body("HTTP_" + status.name, message or status.phrase))

    def dispatch(self):
        path = urllib.parse.urlsplit(self.path).path
        methods = ROUTES.get(path)
        self.responded = False
        try:
            if methods is None:
                endpoints = ", ".join(f"{m} {p}" for p, ms in ROUTES.items() for m in ms
                                      if m != "HEAD")
                self.send_error_json(404, "HTTP_NOT_FOUND",
                                     f"no endpoint {self.command} {path}; the endpoints are "
                                     f"{endpoints}")
            elif self.command == "OPTIONS":
                self.send_response(204)
                self.send_header("Allow", ", ".join(methods + ("OPTIONS",)))
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.command not in methods:
                allow = ", ".join(methods + ("OPTIONS",))
                self.send_error_json(405, "HTTP_METHOD_NOT_ALLOWED",
                                     f"{path} answers {', '.join(methods)}, not {self.command}",
                                     [("Allow", allow)])
            elif path == "/":
                self.send_json(200, self.server.root_text)
            elif path == "/known-architectures":
                self.send_json(200, self.server.catalog_text)
            else:
                self.estimate()
        except (BrokenPipeError, ConnectionResetError, socket.timeout) as e:
            log.warning("%s %s %s: %s", self.address_string(), self.command, path, e)
            self.close_connection = True
        except Exception:  # a bug here or in the binding: answer 500, keep serving
            log.exception("%s %s %s", self.address_string(), self.command, path)
            self.close_connection = True
            if not self.responded:
                self.send_error_json(500, "HTTP_INTERNAL_SERVER_ERROR",
                                     "the server failed on this request; see its log")

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = dispatch

    # ---------------------------------------------------------- the API

    def estimate(self):
        vramest = self.server.vramest
        ctype = self.headers.get("Content-Type")
        if ctype is not None:
            media, _, params = ctype.partition(";")
            media = media.strip().lower()
            charset = "utf-8"
            for param in params.split(";"):
                name, _, value = param.partition("=")
                if name.strip().lower() == "charset":
                    charset = value.strip().strip('"').lower()
            if not (media == "application/json" or
                    (media.startswith("application/") and media.endswith("+json"))) or \
                    charset not in ("utf-8", "utf8"):
                self.send_error_json(415, "HTTP_UNSUPPORTED_MEDIA_TYPE",
                                     f"the request body must be UTF-8 JSON "
                                     f"(Content-Type: application/json), got {ctype!r}")
                return
        if "Transfer-Encoding" in self.headers:
            self.send_error_json(411, "HTTP_LENGTH_REQUIRED",
                                 "send the body with a Content-Length; Transfer-Encoding "
                                 f"{self.headers['Transfer-Encoding']!r} is not supported")
            return
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            self.send_error_json(411, "HTTP_LENGTH_REQUIRED",
                                 "the request needs a Content-Length header")
            return
        try:
            length = int(length_text)
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            self.send_error_json(400, "HTTP_BAD_REQUEST",
                                 f"Content-Length must be a byte count, got {length_text!r}")
            return
        if length > MAX_BODY_BYTES:
            self.close_connection = True
            self.send_error_json(413, "HTTP_PAYLOAD_TOO_LARGE",
                                 f"the request body is {length} bytes, more than the "
                                 f"{MAX_BODY_BYTES}-byte limit")
            return
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True
            self.send_error_json(400, "HTTP_BAD_REQUEST",
                                 f"the body ended after {len(body)} of {length} bytes")
            return
        status, text = vramest.api_call_text(body)
        if status == vramest.Status.OK:
            self.send_json(200, text)
        else:
            # the library's error object, naming the field and the value;
            # running out of memory is the server's failure, not the client's
            self.send_json(500 if status == vramest.Status.E_NOMEM else 400, text)


class Server(http.server.ThreadingHTTPServer):
    """A thread per connection; the library is thread-safe and stateless."""

    daemon_threads = True

    def __init__(self, address, vramest):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.vramest = vramest
        self.root_text = json.dumps(root_document(vramest), ensure_ascii=False)
        self.catalog_text = json.dumps(catalog_document(vramest), ensure_ascii=False)
        super().__init__(address, Handler)


def _stop(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Serve libvramest's JSON API over HTTP (the seed vLLM calculator's "
                    "endpoints).")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000,
                        help="TCP port, 0 for any free one (default 8000)")
    parser.add_argument("--library", metavar="PATH",
                        help="the libvramest shared library to load (default: "
                             "VRAMEST_LIBRARY, else the system's)")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be in [0, 65535], got {args.port}")
    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        vramest = load_binding(args.library)
    except ImportError as e:
        log.error("cannot load libvramest: %s", e)
        return 1
    try:
        server = Server((args.host, args.port), vramest)
    except OSError as e:
        log.error("cannot listen on %s port %d: %s", args.host, args.port, e)
        return 1
    signal.signal(signal.SIGTERM, _stop)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    log.info("listening on http://%s:%d/ (libvramest %s, %s)", shown, port, vramest.__version__,
             vramest.library_path)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
