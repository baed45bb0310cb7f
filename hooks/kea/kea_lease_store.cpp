#include "kea_lease_store.h"

#include <config.h>

#include <cc/command_interpreter.h>
#include <config/command_mgr.h>

#include <chrono>
#include <thread>

#include "kea_lease_convert.h"
#include "maas/hooks/busy_retry.h"

namespace maas::hooks {

using isc::data::ConstElementPtr;
using isc::data::Element;

namespace {

// Result codes of Kea's control channel.
constexpr int kSuccess = 0;
constexpr int kEmpty = 3;

ConstElementPtr run(const std::string& command, const ConstElementPtr& args, int& status,
                    std::string& text) {
    ConstElementPtr answer = isc::config::CommandMgr::instance().processCommand(
        isc::config::createCommand(command, args));
    ConstElementPtr comment;
    ConstElementPtr arguments = isc::config::parseAnswer(status, answer);
    text = arguments && arguments->getType() == Element::string ? arguments->stringValue() : "";
    return arguments;
}

}  // namespace

std::string KeaLeaseStore::apply(const LeaseRecord& lease) {
    return retryWhileBusy(
        [&] { return applyOnce(lease); },
        [](int64_t us) { std::this_thread::sleep_for(std::chrono::microseconds(us)); });
}

std::string KeaLeaseStore::applyOnce(const LeaseRecord& lease) {
    int status = 0;
    std::string text;
    try {
        if (lease.op == LeaseRecord::Op::Delete) {
            auto args = Element::createMap();
            args->set("ip-address", Element::create(formatAddress(lease.address)));
            run("lease4-del", args, status, text);
            return status == kSuccess || status == kEmpty ? "" : "lease4-del: " + text;
        }
        run("lease4-update", toUpdateArguments(lease), status, text);
    } catch (const std::exception& e) {
        return e.what();
    }
    return status == kSuccess ? "" : "lease4-update: " + text;
}

std::optional<LeaseRecord> KeaLeaseStore::get(uint32_t address) {
    auto args = Element::createMap();
    args->set("ip-address", Element::create(formatAddress(address)));
    int status = 0;
    std::string text;
    ConstElementPtr lease = run("lease4-get", args, status, text);
    if (status != kSuccess || !lease || lease->getType() != Element::map) {
        return std::nullopt;
    }
    return fromLeaseElement(lease);
}

LeaseStore::Page KeaLeaseStore::page(bool from_start, uint32_t after, uint32_t limit) {
    auto args = Element::createMap();
    args->set("from", Element::create(from_start ? std::string("start") : formatAddress(after)));
    args->set("limit", Element::create(static_cast<int64_t>(limit)));
    int status = 0;
    std::string text;
    ConstElementPtr result = run("lease4-get-page", args, status, text);
    Page page;
    if (status == kEmpty) {
        return page;
    }
    if (status != kSuccess || !result || !result->get("leases")) {
        throw std::runtime_error("lease4-get-page failed: " + text);
    }
    for (const auto& element : result->get("leases")->listValue()) {
        page.leases.push_back(fromLeaseElement(element));
    }
    page.last = page.leases.size() < limit;
    return page;
}

}  // namespace maas::hooks
