#include "maas/supervisor/control_protocol.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <ctime>
#include <sstream>

#include "maas/common/log.h"

namespace maas::supervisor {

namespace {
/// RFC 3339 UTC of now + delay: the status file outlives the moment it is written.
std::string wallClockIn(std::chrono::milliseconds delay) {
    const auto when = std::chrono::system_clock::now() + delay;
    const auto seconds = std::chrono::system_clock::to_time_t(
        std::chrono::time_point_cast<std::chrono::seconds>(when));
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}
}  // namespace

namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    std::string w;
    while (in >> w) {
        out.push_back(w);
    }
    return out;
}

bool needsService(const std::string& command) {
    return command == "start" || command == "stop" || command == "restart";
}

std::optional<ControlRequest> parseJson(const std::string& line, std::string& error) {
    ControlRequest request;
    try {
        Poco::JSON::Parser parser;
        auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
        if (!object->has("command") || !object->get("command").isString()) {
            error = "command: must be a string";
            return std::nullopt;
        }
        request.command = object->getValue<std::string>("command");
        if (object->has("arguments")) {
            auto args = object->getObject("arguments");
            if (!args) {
                error = "arguments: must be an object";
                return std::nullopt;
            }
            if (args->has("service")) {
                request.service = args->getValue<std::string>("service");
            }
            if (args->has("config")) {
                request.config = args->getValue<std::string>("config");
            }
        }
    } catch (const Poco::Exception& e) {
        error = "invalid JSON request: " + e.displayText();
        return std::nullopt;
    } catch (const std::exception& e) {
        error = std::string("invalid JSON request: ") + e.what();
        return std::nullopt;
    }
    return request;
}

}  // namespace

std::optional<ControlRequest> parseControlRequest(const std::string& line, std::string& error) {
    std::optional<ControlRequest> request;
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line[first] == '{') {
        request = parseJson(line, error);
        if (!request) {
            return std::nullopt;
        }
    } else {
        const auto w = words(line);
        if (w.empty()) {
            error = "empty request";
            return std::nullopt;
        }
        request = ControlRequest{w[0], w.size() > 1 ? w[1] : "", w.size() > 2 ? w[2] : ""};
        if (w.size() > 3) {
            error = w[0] + ": too many arguments";
            return std::nullopt;
        }
    }
    const auto& c = request->command;
    if (c != "status" && c != "reload" && !needsService(c)) {
        error = "unknown command '" + c + "' (status, start, stop, restart, reload)";
        return std::nullopt;
    }
    if (needsService(c) && request->service.empty()) {
        error = c + ": needs a service name";
        return std::nullopt;
    }
    if (!needsService(c) && !request->service.empty()) {
        error = c + ": takes no service name";
        return std::nullopt;
    }
    if (c != "start" && !request->config.empty()) {
        error = c + ": takes no configuration path";
        return std::nullopt;
    }
    return request;
}

std::string controlReply(bool ok, const std::string& text, const std::string& arguments_json) {
    return std::string("{\"result\": ") + (ok ? "0" : "1") + ", \"text\": \"" + jsonEscape(text) +
           "\", \"arguments\": " + (arguments_json.empty() ? "{}" : arguments_json) + "}";
}

std::string statusJson(const std::vector<ServiceStatus>& services, int supervisor_pid,
                       const std::string& mode, bool shutting_down) {
    std::string out = "{\"supervisor_pid\": " + std::to_string(supervisor_pid) + ", \"mode\": \"" +
                      jsonEscape(mode) +
                      "\", \"shutting_down\": " + (shutting_down ? "true" : "false") +
                      ", \"services\": [";
    bool first = true;
    for (const auto& s : services) {
        if (!first) {
            out += ", ";
        }
        first = false;
        out += "{\"name\": \"" + jsonEscape(s.name) + "\", \"state\": \"" +
               std::string(stateName(s.state)) +
               "\", \"pid\": " + (s.pid > 0 ? std::to_string(s.pid) : "null") +
               ", \"restarts\": " + std::to_string(s.restarts) + ", \"last_exit\": " +
               (s.last_exit.empty() ? "null" : "\"" + jsonEscape(s.last_exit) + "\"") +
               ", \"ready\": " + (s.ready ? "true" : "false") +
               ", \"retry_at\": " + (s.retry_in ? "\"" + wallClockIn(*s.retry_in) + "\"" : "null") +
               "}";
    }
    return out + "]}";
}

}  // namespace maas::supervisor
