// The Kea boundary: extern "C" entry points only. Each one catches everything, converts Kea
// objects to the hook's records and hands over to HookContext; no logic lives here.
#include <config.h>

#include <cc/command_interpreter.h>
#include <dhcp/dhcp4.h>
#include <dhcp/pkt4.h>
#include <dhcpsrv/lease.h>
#include <hooks/hooks.h>
#include <hooks/parking_lots.h>

#include <maas/common/secret.h>

#include "command_arguments.h"
#include "ha_commands.h"
#include "ha_messages.h"
#include "hook_context.h"
#include "kea_lease_convert.h"
#include "kea_select_callout.h"

using isc::data::ConstElementPtr;
using isc::data::Element;
using isc::dhcp::Lease4CollectionPtr;
using isc::dhcp::Lease4Ptr;
using isc::dhcp::Pkt4Ptr;
using isc::hooks::CalloutHandle;
using isc::hooks::LibraryHandle;
using namespace maas::hooks;

namespace {

std::unique_ptr<HookContext> g_context;
std::unique_ptr<KeaSelectCallout> g_select;  // lives and dies with g_context

void logFailure(const char* where, const std::exception* e) {
    static maas::Logger fallback("maas-ha", makeKeaLogSink());
    const maas::Logger& log = g_context ? g_context->log : fallback;
    log.log(msg::kInternalError, std::string(where) + " failed",
            {{"error", e != nullptr ? e->what() : "unknown exception"}});
}

RawParams rawParameters(LibraryHandle& handle) {
    RawParams raw;
    ConstElementPtr all = handle.getParameters();
    if (!all || all->getType() != Element::map) {
        return raw;
    }
    for (const auto& [name, value] : all->mapValue()) {
        switch (value->getType()) {
            case Element::integer:
                raw[name] = value->intValue();
                break;
            case Element::real:
                raw[name] = value->doubleValue();
                break;
            case Element::boolean:
                raw[name] = value->boolValue();
                break;
            case Element::string:
                raw[name] = value->stringValue();
                break;
            default:
                raw[name] = std::monostate{};
        }
    }
    return raw;
}

int answerCommand(CalloutHandle& handle, int code, const std::string& text,
                  ConstElementPtr args = ConstElementPtr()) {
    handle.setArgument("response", args ? isc::config::createAnswer(code, text, args)
                                        : isc::config::createAnswer(code, text));
    return 0;
}

// Runs a maas-ha command after checking its text (a refused command changes nothing); every
// failure becomes an error answer, never an exception into Kea.
template <typename Run>
int runCommand(CalloutHandle& handle, Run run) {
    try {
        ConstElementPtr command;
        handle.getArgument("command", command);
        if (const std::string problem = commandProblem(command); !problem.empty()) {
            return answerCommand(handle, 1, problem);
        }
        if (!g_context) {
            return answerCommand(handle, 1, "maas-ha not loaded");
        }
        return run();
    } catch (const std::exception& e) {
        return answerCommand(handle, 1, e.what());
    } catch (...) {
        return answerCommand(handle, 1, "maas-ha command failed");
    }
}

int statusCommand(CalloutHandle& handle) {
    return runCommand(handle, [&] {
        isc::data::ElementPtr status = statusToElement(g_context->service.status());
        status->set("lease4-select",
                    Element::create(std::string(selectModeName(g_select->mode()))));
        return answerCommand(handle, 0, "maas-ha status", status);
    });
}

// Runs a maas-ha command that takes integer arguments (a refused one changes nothing).
template <typename Run>
int runWithIntegers(CalloutHandle& handle, std::span<const IntegerArgument> accepted, Run run) {
    try {
        ConstElementPtr command;
        handle.getArgument("command", command);
        std::map<std::string, int64_t> values;
        if (const std::string problem = commandProblem(command, accepted, values);
            !problem.empty()) {
            return answerCommand(handle, 1, problem);
        }
        if (!g_context) {
            return answerCommand(handle, 1, "maas-ha not loaded");
        }
        return answerCommand(handle, 0, run(values));
    } catch (const std::exception& e) {
        return answerCommand(handle, 1, e.what());
    } catch (...) {
        return answerCommand(handle, 1, "maas-ha command failed");
    }
}

// With `fence-wait-ms` the order comes from the witness (the region, through rackd); without
// arguments it is the operator's, as before.
int partnerDownCommand(CalloutHandle& handle) {
    static constexpr IntegerArgument kAccepted[] = {{"fence-wait-ms", 0, 600000, false}};
    return runWithIntegers(handle, kAccepted, [](const std::map<std::string, int64_t>& values) {
        const auto wait = values.find("fence-wait-ms");
        return wait == values.end() ? g_context->service.partnerDown()
                                    : g_context->service.witnessPartnerDown(wait->second);
    });
}

// rackd: the send time (CLOCK_MONOTONIC ms) of the newest request a region acknowledged.
int witnessCommand(CalloutHandle& handle) {
    static constexpr IntegerArgument kAccepted[] = {{"contact-ms", 0, int64_t{1} << 52, true}};
    return runWithIntegers(handle, kAccepted, [](const std::map<std::string, int64_t>& values) {
        return g_context->service.witnessContact(values.at("contact-ms"));
    });
}

int resyncCommand(CalloutHandle& handle) {
    return runCommand(handle,
                      [&] { return answerCommand(handle, 0, g_context->service.resync()); });
}

}  // namespace

namespace maas::hooks {
HookContext* hookContext() {
    return g_context.get();
}
}  // namespace maas::hooks

extern "C" {

int lease4_select(CalloutHandle& handle);

int version() {
    return KEA_HOOKS_VERSION;
}

int multi_threading_compatible() {
    return 1;
}

int load(LibraryHandle& handle) {
    try {
        HookParameters params = parseParameters(rawParameters(handle));
        // A standalone server authenticates nobody: it has no secret to read.
        Bytes secret;
        if (params.role != Role::Standalone) {
            secret = maas::Secret::readFile(params.secret_file).bytes();
        }
        g_context = std::make_unique<HookContext>(std::move(params), std::move(secret));
        g_context->service.setStatsPublisher(publishStatistics);
        g_select = std::make_unique<KeaSelectCallout>(handle, lease4_select);
        handle.registerCommandCallout("maas-ha-status", statusCommand);
        handle.registerCommandCallout("maas-ha-partner-down", partnerDownCommand);
        handle.registerCommandCallout("maas-ha-witness", witnessCommand);
        handle.registerCommandCallout("maas-ha-resync", resyncCommand);
        g_context->log.log(msg::kLoaded, "maas-ha loaded");
        return 0;
    } catch (const std::exception& e) {
        logFailure("load", &e);
    } catch (...) {
        logFailure("load", nullptr);
    }
    return 1;
}

int unload() {
    try {
        g_select.reset();
        g_context.reset();
    } catch (...) {
        logFailure("unload", nullptr);
    }
    return 0;
}

int dhcp4_srv_configured(CalloutHandle&) {
    try {
        if (g_context && !g_context->started) {
            g_context->started = true;
            g_context->service.start();
        }
        return 0;
    } catch (const std::exception& e) {
        logFailure("dhcp4_srv_configured", &e);
    } catch (...) {
        logFailure("dhcp4_srv_configured", nullptr);
    }
    return 1;
}

int pkt4_receive(CalloutHandle& handle) {
    try {
        if (handle.getStatus() == CalloutHandle::NEXT_STEP_DROP) {
            return 0;  // a library before us refused the query already
        }
        Pkt4Ptr query;
        handle.getArgument("query4", query);
        QueryFacts facts;
        if (auto hw = query->getHWAddr()) {
            facts.hw_address = hw->hwaddr_;
        }
        if (auto id = query->getOption(isc::dhcp::DHO_DHCP_CLIENT_IDENTIFIER)) {
            facts.client_id = id->getData();
        }
        facts.secs = query->getSecs();
        g_context->service.onQueryReceived();
        if (!g_context->service.shouldAnswer(facts)) {
            handle.setStatus(CalloutHandle::NEXT_STEP_DROP);
        }
        g_select->beforeAllocation(g_context->service.state());
    } catch (const std::exception& e) {
        logFailure("pkt4_receive", &e);
    } catch (...) {
        logFailure("pkt4_receive", nullptr);
    }
    return 0;
}

int lease4_select(CalloutHandle& handle) {
    try {
        if (handle.getStatus() == CalloutHandle::NEXT_STEP_SKIP) {
            return 0;  // a library before us refused this address already
        }
        Lease4Ptr lease;
        handle.getArgument("lease4", lease);
        if (!g_context->service.mayAllocate(lease->addr_.toUint32(), false)) {
            handle.setStatus(CalloutHandle::NEXT_STEP_SKIP);
            return 0;
        }
        lease->valid_lft_ = g_context->service.grantedLifetime(lease->valid_lft_);
    } catch (const std::exception& e) {
        logFailure("lease4_select", &e);
    } catch (...) {
        logFailure("lease4_select", nullptr);
    }
    return 0;
}

int lease4_renew(CalloutHandle& handle) {
    try {
        Lease4Ptr lease;
        handle.getArgument("lease4", lease);
        lease->valid_lft_ = g_context->service.grantedLifetime(lease->valid_lft_);
    } catch (const std::exception& e) {
        logFailure("lease4_renew", &e);
    } catch (...) {
        logFailure("lease4_renew", nullptr);
    }
    return 0;
}

int leases4_committed(CalloutHandle& handle) {
    try {
        Pkt4Ptr query;
        Lease4CollectionPtr leases;
        Lease4CollectionPtr deleted;
        handle.getArgument("query4", query);
        handle.getArgument("leases4", leases);
        handle.getArgument("deleted_leases4", deleted);
        std::vector<std::pair<LeaseRecord, const char*>> changes;
        for (const auto& lease : leases ? *leases : isc::dhcp::Lease4Collection{}) {
            const char* action = lease->state_ == isc::dhcp::Lease::STATE_DECLINED ? "decline"
                                 : lease->state_ == isc::dhcp::Lease::STATE_EXPIRED_RECLAIMED
                                     ? "release"
                                     : "commit";
            changes.emplace_back(fromKeaLease(*lease, LeaseRecord::Op::Update), action);
        }
        for (const auto& lease : deleted ? *deleted : isc::dhcp::Lease4Collection{}) {
            changes.emplace_back(fromKeaLease(*lease, LeaseRecord::Op::Delete), "release");
        }
        if (changes.empty()) {
            return 0;
        }
        // The leases are committed either way; a reply a library before us dropped is not
        // parked (nothing would be sent).
        const bool parkable = query->getType() == isc::dhcp::DHCPREQUEST && leases &&
                              !leases->empty() &&
                              handle.getStatus() != CalloutHandle::NEXT_STEP_DROP;
        isc::hooks::ParkingLotHandlePtr lot;  // a new handle per call: only when parking
        ParkedReply reply;
        if (parkable) {
            lot = handle.getParkingLotHandlePtr();
            lot->reference(query);
            reply.finish = [lot, query](bool send) {
                if (send) {
                    lot->unpark(query);
                } else {
                    lot->drop(query);
                }
            };
        }
        if (g_context->service.onLocalChanges(std::move(changes), parkable, std::move(reply))) {
            handle.setStatus(CalloutHandle::NEXT_STEP_PARK);
        } else if (parkable) {
            lot->dereference(query);
        }
    } catch (const std::exception& e) {
        logFailure("leases4_committed", &e);
    } catch (...) {
        logFailure("leases4_committed", nullptr);
    }
    return 0;
}

int lease4_expire(CalloutHandle& handle) {
    try {
        Lease4Ptr lease;
        bool remove = false;
        handle.getArgument("lease4", lease);
        handle.getArgument("remove_lease", remove);
        LeaseRecord record =
            fromKeaLease(*lease, remove ? LeaseRecord::Op::Delete : LeaseRecord::Op::Update);
        if (!remove) {
            record.state = isc::dhcp::Lease::STATE_EXPIRED_RECLAIMED;
        }
        g_context->service.onLocalChanges({{record, "expire"}}, false, ParkedReply{});
    } catch (const std::exception& e) {
        logFailure("lease4_expire", &e);
    } catch (...) {
        logFailure("lease4_expire", nullptr);
    }
    return 0;
}

}  // extern "C"
