#include "kea_lease_store.h"

#include <config.h>

#include <cc/command_interpreter.h>
#include <config/command_mgr.h>
#include <hooks/callout_handle.h>
#include <hooks/hooks_manager.h>
#include <hooks/server_hooks.h>

#include <chrono>
#include <thread>

#include "kea_lease_convert.h"
#include "maas/hooks/busy_retry.h"

namespace maas::hooks {

using isc::data::ConstElementPtr;
using isc::data::Element;
using isc::hooks::CalloutHandle;
using isc::hooks::HooksManager;

namespace {

// Result codes of Kea's control channel.
constexpr int kSuccess = 0;
constexpr int kEmpty = 3;

// Whether a library watches every processed command (the `command_processed` hook point):
// such commands must then go through the command manager, which calls it.
bool commandsWatched() {
    const int index = isc::hooks::ServerHooks::getServerHooks().findIndex("command_processed");
    return index >= 0 && HooksManager::calloutsPresent(index);
}

}  // namespace

// Commands answered by the library that registered them, the way Kea's command manager
// delegates one (hooked_command_mgr.cc): a fresh status and arguments on a callout handle, the
// command, then the "response" the handler set. Left out: the manager's parsing of the command
// again, its COMMAND_RECEIVED log line and a new callout handle per command. Without a handler,
// or with commands watched, the command manager answers as before. Lives for one call or one
// page only: a callout handle kept would hold the hook libraries loaded.
class KeaLeaseStore::Commands {
  public:
    Commands() : handle_(HooksManager::createCalloutHandle()), watched_(commandsWatched()) {}

    ConstElementPtr run(const std::string& command, const ConstElementPtr& args, int& status,
                        std::string& text) {
        ConstElementPtr arguments = isc::config::parseAnswer(status, answer(command, args));
        text = arguments && arguments->getType() == Element::string ? arguments->stringValue() : "";
        return arguments;
    }

  private:
    ConstElementPtr answer(const std::string& command, const ConstElementPtr& args) {
        ConstElementPtr request = isc::config::createCommand(command, args);
        if (watched_ || !handled(command)) {
            return isc::config::CommandMgr::instance().processCommand(request);
        }
        handle_->setStatus(CalloutHandle::NEXT_STEP_CONTINUE);
        handle_->deleteAllArguments();
        handle_->setArgument("command", request);
        handle_->setArgument("response", ConstElementPtr());
        HooksManager::callCommandHandlers(command, *handle_);
        ConstElementPtr response;
        handle_->getArgument("response", response);
        return response ? response
                        : isc::config::createAnswer(isc::config::CONTROL_RESULT_ERROR,
                                                    "'" + command + "' was not answered");
    }

    bool handled(const std::string& command) {
        if (command != handled_command_) {
            handled_command_ = command;
            has_handler_ = HooksManager::commandHandlersPresent(command);
        }
        return has_handler_;
    }

    isc::hooks::CalloutHandlePtr handle_;
    bool watched_;
    std::string handled_command_;
    bool has_handler_ = false;
};

namespace {

void sleepUs(int64_t us) {
    std::this_thread::sleep_for(std::chrono::microseconds(us));
}

}  // namespace

std::string KeaLeaseStore::apply(const LeaseRecord& lease) {
    Commands commands;
    return retryWhileBusy([&] { return applyOnce(commands, lease); }, sleepUs);
}

LeaseStore::Applied KeaLeaseStore::applyAll(const std::vector<LeaseRecord>& leases) {
    Commands commands;
    for (size_t i = 0; i < leases.size(); ++i) {
        std::string error = retryWhileBusy([&] { return applyOnce(commands, leases[i]); }, sleepUs);
        if (!error.empty()) {
            return {i, std::move(error)};
        }
    }
    return {leases.size(), ""};
}

std::string KeaLeaseStore::applyOnce(Commands& commands, const LeaseRecord& lease) {
    int status = 0;
    std::string text;
    try {
        if (lease.op == LeaseRecord::Op::Delete) {
            auto args = Element::createMap();
            args->set("ip-address", Element::create(formatAddress(lease.address)));
            commands.run("lease4-del", args, status, text);
            return status == kSuccess || status == kEmpty ? "" : "lease4-del: " + text;
        }
        commands.run("lease4-update", toUpdateArguments(lease), status, text);
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
    ConstElementPtr lease = Commands().run("lease4-get", args, status, text);
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
    ConstElementPtr result = Commands().run("lease4-get-page", args, status, text);
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
