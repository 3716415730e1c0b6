#!/usr/bin/env python3
"""Record the wire requests of the ten RFS private-hook operations made by Huawei's official SDK.

Output: operation_requests.json next to this script (pretty-printed, deterministic: re-running it
produces the same bytes).

How to run (recorded with CPython 3.11.7; requests 2.34.2, urllib3 2.8.0, simplejson 4.3.0 were
pulled in by pip):

    python3 -m venv /tmp/hwsdk-venv
    /tmp/hwsdk-venv/bin/pip install huaweicloudsdkcore==3.1.219 huaweicloudsdkrfs==3.1.219
    /tmp/hwsdk-venv/bin/python testdata/huawei/record_operations.py [--port 18780]

What it does: starts an HTTP server on 127.0.0.1:<port> (default 18780; the port is part of the
signed Host header, so another port changes every signature) that answers exactly the expected
number of requests with canned responses and then stops; builds an `RfsClient` with an `http://`
endpoint pointing at it, fake `BasicCredentials` (the same AK/SK/project id as
record_signing.py), the User-Agent suffix pinned to `rfs-oracle/1.0` (`HttpConfig.user_agent`),
and the signer's clock frozen at 2024-06-01T12:34:56Z; then calls every private-hook operation once
with all of its parameters set, plus a few calls that exercise error handling.

Recorded per call:
- `parameters`: the request members by wire name, grouped by where the SDK puts them (`path`,
  `query`, `header`, `body`); the grouping is checked against the SDK's own `_<op>_http_info`;
- `request`: what the server received: method, raw request target (path + query), HTTP version,
  every header in order (names as sent), and the body as text (`""` when there was none);
- `signing`: the canonical request and string to sign the SDK computed for it;
- `response`: the canned response the server sent (status, headers set by this script, body);
- `sdk_result`: what the SDK made of it: the response type, `status_code` and `to_dict()`, or the
  exception class and its fields.

Headers the transport adds depend on the installed python-requests/urllib3 (for example
`Accept-Encoding` gains `br`/`zstd` when brotli/zstandard are installed); they are not signed.
"""

import argparse
import datetime as _dt
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

# Importing the SDK creates ~/.huaweicloud/application_id (a per-user UUID for its User-Agent) unless
# it cannot find a home directory: hide HOME so that recording leaves no trace outside this folder.
os.environ.pop("HOME", None)

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions as sdk_exceptions
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.signer import signer as signer_module
import huaweicloudsdkrfs.v1 as rfs
from huaweicloudsdkrfs.v1 import RfsClient

SDK_VERSION = "3.1.219"
AK = "HPUAEXAMPLEAK0000001"
SK = "hPk9SkEXAMPLEfakeSecretKey0000000000000001"
PROJECT_ID = "0a1b2c3d4e5f67890a1b2c3d4e5f6789"
FROZEN = _dt.datetime(2024, 6, 1, 12, 34, 56)
FROZEN_UNIX = 1717245296
UA_SUFFIX = "rfs-oracle/1.0"
CRID = "6c3e7d1a-2f4b-4c5d-8e9f-0a1b2c3d4e5f"
HOOK_NAME = "钩子-测试 hook"
HOOK_ID = "ea6a4f0e-ee8a-494e-b12a-8be4a1e65af2"
SERVER_TIMEOUT_SECONDS = 20

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "operation_requests.json")


class _FrozenDatetime(_dt.datetime):
    """`datetime` whose clock is stopped at FROZEN (UTC)."""

    @classmethod
    def utcnow(cls):
        return cls(FROZEN.year, FROZEN.month, FROZEN.day, FROZEN.hour, FROZEN.minute, FROZEN.second)


signer_module.datetime = _FrozenDatetime

_captured = {}
_orig_canonical = signer_module.Signer._process_canonical_request
_orig_sts = signer_module.Signer._process_string_to_sign


def _capture_canonical(self, request, signed_headers):
    value = _orig_canonical(self, request, signed_headers)
    _captured["canonical_request"] = value
    return value


def _capture_sts(self, canonical_request, time):
    value = _orig_sts(self, canonical_request, time)
    _captured["string_to_sign"] = value
    return value


signer_module.Signer._process_canonical_request = _capture_canonical
signer_module.Signer._process_string_to_sign = _capture_sts


def json_response(status, body, extra_headers=()):
    text = json.dumps(body, ensure_ascii=False) if body is not None else ""
    headers = [("X-Request-Id", "req-%03d" % status)]
    if text:
        headers.append(("Content-Type", "application/json"))
    headers.extend(extra_headers)
    return {"status": status, "headers": headers, "body": text}


HOOK_SUMMARY = {
    "hook_name": HOOK_NAME, "hook_id": HOOK_ID, "hook_description": "我的 hook",
    "default_version": "1.0.0", "configuration": {"target_stacks": "ALL", "failure_mode": "FAIL"},
    "create_time": "2024-06-01T01:00:00.000Z", "update_time": "2024-06-01T02:00:00.000Z",
}
VERSION_SUMMARY = {
    "hook_name": HOOK_NAME, "hook_id": HOOK_ID, "hook_version": "1.0.0",
    "hook_version_description": "first version", "create_time": "2024-06-01T01:00:00.000Z",
}
POLICY_LOCATION = ("https://rfs-policies.obs.cn-north-4.myhuaweicloud.com/policy.rego"
                   "?AccessKeyId=EXAMPLE&Expires=1717245596&Signature=abc%3D")

# (case, operation, parameters by location and wire name, canned response)
CALLS = [
    ("all_parameters", "CreatePrivateHook", {
        "header": {"Client-Request-Id": CRID},
        "body": {"hook_name": HOOK_NAME, "hook_version": "1.0.0", "hook_description": "我的 hook",
                 "hook_version_description": "first version",
                 "configuration": {"target_stacks": "ALL", "failure_mode": "FAIL"},
                 "policy_uri": "https://bucket.obs.cn-north-4.myhuaweicloud.com/policy.rego",
                 "policy_body": "package policy\n\ndefault allow := true\n"},
    }, json_response(201, {"hook_id": HOOK_ID})),
    ("all_parameters", "DeletePrivateHook", {
        "path": {"hook_name": HOOK_NAME}, "query": {"hook_id": HOOK_ID},
        "header": {"Client-Request-Id": CRID},
    }, json_response(204, None)),
    ("all_parameters", "ListPrivateHooks", {
        "query": {"sort_key": ["create_time", "update_time"], "sort_dir": ["desc", "asc"],
                  "marker": "m-1", "limit": 10},
        "header": {"Client-Request-Id": CRID},
    }, json_response(200, {"hooks": [HOOK_SUMMARY],
                           "page_info": {"next_marker": "m-2", "current_count": 1}})),
    ("all_parameters", "ShowPrivateHookMetadata", {
        "path": {"hook_name": HOOK_NAME}, "query": {"hook_id": HOOK_ID},
        "header": {"Client-Request-Id": CRID},
    }, json_response(200, HOOK_SUMMARY)),
    ("all_parameters", "UpdatePrivateHookMetadata", {
        "path": {"hook_name": HOOK_NAME}, "header": {"Client-Request-Id": CRID},
        "body": {"hook_description": "新的描述", "hook_id": HOOK_ID, "default_version": "1.0.1",
                 "configuration": {"target_stacks": "NONE", "failure_mode": "WARN"}},
    }, json_response(204, None)),
    ("all_parameters", "CreatePrivateHookVersion", {
        "path": {"hook_name": HOOK_NAME}, "header": {"Client-Request-Id": CRID},
        "body": {"hook_id": HOOK_ID, "hook_version": "1.0.1", "hook_version_description": "第二版",
                 "policy_uri": "https://bucket.obs.cn-north-4.myhuaweicloud.com/v2.zip",
                 "policy_body": "package policy\n"},
    }, json_response(201, None)),
    ("all_parameters", "DeletePrivateHookVersion", {
        "path": {"hook_name": HOOK_NAME, "hook_version": "1.0.1"}, "query": {"hook_id": HOOK_ID},
        "header": {"Client-Request-Id": CRID},
    }, json_response(204, None)),
    ("all_parameters", "ListPrivateHookVersions", {
        "path": {"hook_name": HOOK_NAME},
        "query": {"hook_id": HOOK_ID, "sort_key": ["create_time", "create_time"],
                  "sort_dir": ["desc", "asc"], "marker": "m é/1", "limit": 100},
        "header": {"Client-Request-Id": CRID},
    }, json_response(200, {"versions": [VERSION_SUMMARY], "page_info": {"previous_marker": "m-0"}})),
    ("all_parameters", "ShowPrivateHookVersionMetadata", {
        "path": {"hook_name": HOOK_NAME, "hook_version": "1.0.0"}, "query": {"hook_id": HOOK_ID},
        "header": {"Client-Request-Id": CRID},
    }, json_response(200, VERSION_SUMMARY)),
    ("all_parameters", "ShowPrivateHookVersionPolicy", {
        "path": {"hook_name": HOOK_NAME, "hook_version": "1.0.0"}, "query": {"hook_id": HOOK_ID},
        "header": {"Client-Request-Id": CRID},
    }, json_response(307, None, [("Location", POLICY_LOCATION)])),
    # --- error handling ---------------------------------------------------------------------
    ("error_404_minimal_parameters", "ShowPrivateHookMetadata", {
        "path": {"hook_name": "my-hook"},
    }, json_response(404, {"error_code": "RF.HOOK.0404", "error_msg": "private hook not found"})),
    ("error_429_on_get_body_lost", "ListPrivateHooks", {
        "header": {"Client-Request-Id": CRID},
    }, json_response(429, {"error_code": "RF.APIGW.0429", "error_msg": "too many requests"})),
    ("error_429_on_post_body_kept", "CreatePrivateHook", {
        "header": {"Client-Request-Id": CRID},
        "body": {"hook_name": "h", "hook_version": "1.0.0", "policy_body": "package p"},
    }, json_response(429, {"error_code": "RF.APIGW.0429", "error_msg": "too many requests"})),
    ("error_500_nested_error_object", "UpdatePrivateHookMetadata", {
        "path": {"hook_name": "my-hook"}, "header": {"Client-Request-Id": CRID},
        "body": {"hook_description": "d"},
    }, json_response(500, {"error": {"code": "APIGW.0101", "message": "internal error"}})),
]


class _Server:
    """Serves `len(responses)` requests, one per connection, then stops."""

    def __init__(self, port, responses):
        self.responses = list(responses)
        self.received = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: handle_request() == 1 request

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.received.append({
                    "method": self.command,
                    "target": self.path,
                    "http_version": self.request_version,
                    "headers": [[k, _latin1_to_text(v)] for k, v in self.headers.items()],
                    "body": body.decode("utf-8"),
                })
                index = len(outer.received) - 1
                canned = outer.responses[index] if index < len(outer.responses) else json_response(500, None)
                payload = canned["body"].encode("utf-8")
                self.send_response(canned["status"])
                for k, v in canned["headers"]:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *args):
                pass

        self.httpd = HTTPServer(("127.0.0.1", port), Handler)
        self.httpd.timeout = SERVER_TIMEOUT_SECONDS
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        for _ in range(len(self.responses)):
            self.httpd.handle_request()
        self.httpd.server_close()

    def start(self):
        self.thread.start()

    def join(self):
        self.thread.join(timeout=SERVER_TIMEOUT_SECONDS * (len(self.responses) + 1))


def _latin1_to_text(value):
    try:
        return value.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _snake(name):
    out = ""
    for ch in name:
        out += ("_" + ch.lower()) if ch.isupper() and out else ch.lower()
    return out


def _build_model(cls, wire_values):
    """Instantiates SDK model `cls` from a dict keyed by wire names (nested models recursively)."""
    by_wire = {wire: attr for attr, wire in cls.attribute_map.items()}
    kwargs = {}
    for wire, value in wire_values.items():
        attr = by_wire[wire]
        type_name = cls.openapi_types[attr]
        if isinstance(value, dict) and hasattr(rfs, type_name):
            value = _build_model(getattr(rfs, type_name), value)
        kwargs[attr] = value
    return cls(**kwargs)


def _build_request(operation, params):
    cls = getattr(rfs, operation + "Request")
    flat = {}
    for location in ("path", "query", "header"):
        flat.update(params.get(location, {}))
    request = _build_model(cls, flat)
    if "body" in params:
        request.body = _build_model(getattr(rfs, cls.openapi_types["body"]), params["body"])
    return request


def _check_locations(client, operation, request, params):
    """The parameter grouping must be the SDK's: compare with its `_<op>_http_info`."""
    info = getattr(client, "_%s_http_info" % _snake(operation))(request)
    # The http_info lists every declared member; unset ones have the value None.
    path = {k for k, v in info["path_params"].items() if v is not None}
    assert path == set(params.get("path", {})), (operation, info["path_params"])
    query = {k for k, v in info["query_params"] if v is not None}
    assert query == set(params.get("query", {})), (operation, info["query_params"])
    sdk_headers = {k for k, v in info["header_params"].items() if v is not None} - {"Content-Type"}
    assert sdk_headers == set(params.get("header", {})), (operation, info["header_params"])
    assert (info["body"] is not None) == ("body" in params), (operation, info["body"])
    return info["method"], info["resource_path"]


def _exception_fields(exc):
    fields = {"type": type(exc).__name__}
    for attr in ("status_code", "request_id", "error_code", "error_msg", "encoded_auth_msg"):
        if hasattr(exc, attr):
            fields[attr] = getattr(exc, attr)
    fields["str"] = str(exc)
    return fields


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18780)
    args = parser.parse_args()

    endpoint = "http://127.0.0.1:%d" % args.port
    server = _Server(args.port, [canned for _, _, _, canned in CALLS])
    server.start()

    config = HttpConfig.get_default_config()
    config.user_agent = UA_SUFFIX
    client = RfsClient.new_builder() \
        .with_http_config(config) \
        .with_credentials(BasicCredentials(AK, SK, PROJECT_ID)) \
        .with_endpoint(endpoint) \
        .build()

    calls = []
    for case_name, operation, params, canned in CALLS:
        request = _build_request(operation, params)
        method, uri_template = _check_locations(client, operation, request, params)
        _captured.clear()
        try:
            response = getattr(client, _snake(operation))(request)
            result = {"type": type(response).__name__, "status_code": response.status_code,
                      "fields": response.to_dict()}
        except sdk_exceptions.SdkException as exc:
            result = {"exception": _exception_fields(exc)}
        index = len(calls)
        received = server.received[index] if index < len(server.received) else None
        calls.append({
            "case": case_name,
            "operation": operation,
            "http_method": method,
            "uri_template": uri_template,
            "parameters": {loc: params[loc] for loc in ("path", "query", "header", "body") if loc in params},
            "request": received,
            "signing": dict(_captured),
            "response": {"status": canned["status"], "headers": [list(h) for h in canned["headers"]],
                         "body": canned["body"]},
            "sdk_result": result,
        })

    server.join()
    if len(server.received) != len(CALLS):
        sys.exit("expected %d requests, the server saw %d" % (len(CALLS), len(server.received)))
    missing = [c["operation"] for c in calls if c["request"] is None]
    if missing:
        sys.exit("no request recorded for %s" % missing)

    doc = {
        "about": "RFS private-hook requests sent by huaweicloudsdkrfs " + SDK_VERSION
                 + " (recorded by record_operations.py; do not edit by hand)",
        "sdk": {"huaweicloudsdkcore": SDK_VERSION, "huaweicloudsdkrfs": SDK_VERSION},
        "endpoint": endpoint,
        "access_key": AK,
        "secret_key": SK,
        "project_id": PROJECT_ID,
        "user_agent_suffix": UA_SUFFIX,
        "time": "2024-06-01T12:34:56Z",
        "time_unix": FROZEN_UNIX,
        "calls": calls,
    }
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    print("wrote %d calls to %s" % (len(calls), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
