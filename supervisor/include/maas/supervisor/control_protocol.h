#pragma once

#include <optional>
#include <string>
#include <vector>

#include "maas/supervisor/supervisor.h"

namespace maas::supervisor {

/// One control-socket request. Accepted forms, one per line:
///   text:  status | reload | start SERVICE [CONFIG] | stop SERVICE | restart SERVICE
///   JSON:  {"command": "start", "arguments": {"service": "kea-dhcp4", "config": "/path"}}
struct ControlRequest {
    std::string command;
    std::string service;
    std::string config;
};

/// Parses a request line; on error returns nullopt and sets error.
std::optional<ControlRequest> parseControlRequest(const std::string& line, std::string& error);

/// The reply envelope shared by every command: {"result": 0|1, "text": ..., "arguments": {...}}.
/// arguments_json must be a JSON object text (or empty for {}).
std::string controlReply(bool ok, const std::string& text, const std::string& arguments_json = "");

/// {"supervisor_pid": N, "mode": "...", "shutting_down": bool, "services": [{name, state, pid,
/// restarts, last_exit, ready}, ...]}: the status reply's arguments and the status file.
std::string statusJson(const std::vector<ServiceStatus>& services, int supervisor_pid,
                       const std::string& mode, bool shutting_down);

}  // namespace maas::supervisor
