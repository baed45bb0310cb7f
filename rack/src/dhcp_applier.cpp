#include "maas/rack/dhcp_applier.h"

#include "maas/common/atomic_file.h"

namespace maas::rack {

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : " ") + i;
    return out;
}

}  // namespace

DhcpApplier::DhcpApplier(std::filesystem::path dhcp_dir, KeaControl& kea)
    : dir_(std::move(dhcp_dir)), kea_(kea) {}

DhcpServiceState DhcpApplier::launch(const std::string& note) {
    const auto problem = started_ ? kea_.restart() : kea_.start(configPath());
    if (problem) {
        state_ = {"degraded", "kea-dhcp4 could not be (re)started: " + *problem};
        return state_;
    }
    started_ = true;
    state_ = {"running", note};
    return state_;
}

DhcpServiceState DhcpApplier::startLastGood() {
    if (!std::filesystem::exists(configPath()))
        return state_;
    return launch("serving the last good configuration");
}

DhcpServiceState DhcpApplier::retryStart() {
    if (started_ || state_.status != "degraded" || !std::filesystem::exists(configPath()))
        return state_;
    return launch("serving the last good configuration");
}

DhcpServiceState DhcpApplier::observed() {
    if (!started_ || state_.status != "running")
        return state_;
    const auto process = kea_.processState();
    if (!process || *process == "ready" || *process == "starting")
        return state_;
    if (*process == "backoff" || *process == "restarting")
        return {"degraded", "kea-dhcp4 exited; the supervisor is restarting it"};
    return {"dead", "kea-dhcp4 is not running (supervisor: " + *process + ")"};
}

DhcpServiceState DhcpApplier::apply(const maas::rpc::DhcpConfigResult& result) {
    if (!result.serving) {
        std::error_code ignored;
        std::filesystem::remove(configPath(), ignored);
        if (started_) {
            if (const auto problem = kea_.stop()) {
                state_ = {"degraded", "kea-dhcp4 could not be stopped: " + *problem};
                return state_;
            }
            started_ = false;
        }
        state_ = {"off", joined(result.warnings)};
        return state_;
    }
    const auto current = readFileIfExists(configPath());
    if (started_ && current && *current == result.config && state_.status == "running")
        return state_;  // nothing changed for this rack
    const auto candidate = dir_ / "kea-dhcp4.conf.candidate";
    writeFileAtomically(candidate, result.config, FileMode::Config);
    if (const auto problem = kea_.validate(candidate)) {
        std::error_code ignored;
        std::filesystem::remove(candidate, ignored);
        state_ = {"degraded",
                  "configuration refused by kea-dhcp4 -t (" +
                      std::string(current ? "serving the last good one" : "not serving") +
                      "): " + problem->substr(0, 400)};
        return state_;
    }
    std::filesystem::rename(candidate, configPath());
    return launch(joined(result.warnings));
}

}  // namespace maas::rack
