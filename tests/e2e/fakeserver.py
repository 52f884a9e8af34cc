"""A fake OpenAI-compatible model server on loopback for the journeys.

GET /v1/models lists a few model names; POST /v1/chat/completions streams
the plan below as server-sent events.  The journey picks the behaviour of
the next requests through FakeServer.mode:

  "ok"      the whole plan, in small chunks
  "hold"    the first part, then waits until release() (or the client leaves)
  "401"     an authentication error
  "429"     rate limited, with Retry-After: 1
  "drop"    the first part, then the connection is closed mid-stream
  "stall"   the first part, then nothing more until the client gives up
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "o3-mini"]

PLAN = """<analysis>
The endpoint lists a user's books with pagination and a status filter.
</analysis>

# API Endpoint Implementation Plan: GET /api/books

## 1. Endpoint Overview
Lists the books on the signed-in user's shelf, newest first, with pagination.

## 2. Request Details
- Method: GET
- URL: `/api/books`
- Query: `page`, `limit`, `status`

## 3. Response Details
- 200 with `{ "data": [...], "page": 1, "total": 12 }`
- 400 when a query parameter is invalid
- 401 without a session

## 4. Data Flow
The handler validates the query with zod, calls `BookService.list()`, which
queries Supabase, and maps rows to DTOs.

## 5. Security Considerations
Row level security limits the rows to the user's own shelf.

## 6. Error Handling
Invalid query parameters give 400 with the field that failed.

## 7. Performance
An index on `(user_id, created_at)` keeps the list fast.

## 8. Implementation Steps
1. Define the zod schema for the query parameters in `src/lib/schemas/books.ts`.
2. Add `BookService.list()` in `src/lib/services/book.service.ts`.
3. Create the handler in `src/pages/api/books/index.ts`.
4. Map database rows to `BookDto` objects.
5. Return 400 with the failing field on validation errors.
6. Write unit tests for the schema and the service.
7. Document the endpoint in the API plan.
"""

# Where "hold", "drop" and "stall" stop: inside section 4, after some steps
# of the plan would be visible had they come.
PARTIAL_AT = PLAN.index("## 5.")
PARTIAL_MARK = "The handler validates the query with zod"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _json(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        server = self.server.owner
        server.requests.append(("GET", self.path, self.headers.get("Authorization")))
        if self.path.rstrip("/").endswith("/models"):
            if server.mode == "401":
                self._json(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}})
                return
            self._json(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in MODELS]})
            return
        self._json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        server = self.server.owner
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        server.requests.append(("POST", self.path, self.headers.get("Authorization")))
        try:
            server.bodies.append(json.loads(body))
        except ValueError:
            server.bodies.append(None)
        mode = server.mode
        if len(server.posts()) in server.rate_limited_posts:
            mode = "429"
        if mode == "401":
            self._json(401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}})
            return
        if mode == "429":
            self._json(429, {"error": {"message": "Rate limit reached", "type": "rate_limit"}},
                       {"Retry-After": "1"})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self._stream(server, mode)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _event(self, payload):
        self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
        self.wfile.flush()

    def _chunk(self, text):
        self._event({"id": "e2e", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
                     "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]})

    def _send_text(self, server, text):
        for start in range(0, len(text), server.chunk):
            self._chunk(text[start:start + server.chunk])
            if server.delay:
                time.sleep(server.delay)

    def _stream(self, server, mode):
        if mode == "ok":
            self._send_text(server, server.answer or PLAN)
            self._finish()
            return
        self._send_text(server, PLAN[:PARTIAL_AT])
        server.partial_sent.set()
        if mode == "drop":
            self.wfile.flush()
            self.connection.shutdown(2)
            return
        if mode == "stall":
            # Nothing more; keep the connection open until the client leaves.
            while not server.stopping.is_set() and not self._client_left():
                time.sleep(0.2)
            return
        # hold: wait for release(), then the rest, unless the client left.
        while not server.released.wait(0.2):
            if server.stopping.is_set() or self._client_left():
                server.client_left.set()
                return
        self._send_text(server, PLAN[PARTIAL_AT:])
        self._finish()

    def _client_left(self):
        import select
        readable, _, _ = select.select([self.connection], [], [], 0)
        if not readable:
            return False
        try:
            return self.connection.recv(1, 2) == b""  # MSG_PEEK
        except OSError:
            return True

    def _finish(self):
        self._event({"id": "e2e", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
                     "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        self._event({"id": "e2e", "object": "chat.completion.chunk", "model": "gpt-4o-mini",
                     "choices": [], "usage": {"prompt_tokens": 1234, "completion_tokens": 567}})
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


class FakeServer:
    def __init__(self, mode="ok", chunk=40, delay=0.005):
        self.mode = mode
        self.answer = None  # the "ok" answer instead of PLAN, when a journey sets one
        self.chunk = chunk
        self.delay = delay
        self.requests = []
        self.bodies = []
        # The POSTs (counted from 1) answered 429 whatever the mode.
        self.rate_limited_posts = set()
        self.released = threading.Event()
        self.partial_sent = threading.Event()
        self.client_left = threading.Event()
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.thread = None

    def start(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def set_mode(self, mode):
        self.mode = mode
        self.released.clear()
        self.partial_sent.clear()
        self.client_left.clear()

    def release(self):
        self.released.set()

    def posts(self):
        return [r for r in self.requests if r[0] == "POST"]

    def stop(self):
        self.stopping.set()
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
