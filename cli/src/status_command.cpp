// `maas status`: the supervisor's view of its services, from the control socket, or from the
// status file when the socket does not answer.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>

#include "maas/cli/cluster_status.h"
#include "maas/cli/commands.h"
#include "maas/common/args.h"
#include "maas/common/atomic_file.h"
#include "maas/common/config_schemas.h"
#include "maas/common/control_client.h"
#include "maas/common/install_paths.h"
#include "maas/common/mode.h"
#include "maas/common/settings.h"

namespace maas::cli {

namespace {

std::string text(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o->has(key) || o->isNull(key)) {
        return "-";
    }
    return o->get(key).convert<std::string>();
}

/// rackd's own view (rack_state_dir/status.json): a refusal such as a wrong secret or another
/// MAAS shows here, not in the supervisor's table, since rackd stays alive and retries.
void printRackStatus(const Paths& paths, std::ostream& out) {
    const auto file = readFileIfExists(paths.rack_state_dir / "status.json");
    if (!file || file->empty()) {
        return;
    }
    Poco::JSON::Object::Ptr rack;
    try {
        Poco::JSON::Parser parser;
        rack = parser.parse(*file).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        out << "rack: status file " << (paths.rack_state_dir / "status.json").string()
            << " is unreadable\n";
        return;
    }
    out << "rack: " << text(rack, "state") << " (" << text(rack, "connected") << "/"
        << text(rack, "endpoints") << " region endpoints)";
    if (const auto id = text(rack, "system_id"); !id.empty() && id != "-") {
        out << ", system_id " << id;
    }
    out << "\n  " << text(rack, "message") << "\n";
    if (auto warnings = rack->getArray("warnings")) {
        for (size_t i = 0; i < warnings->size(); ++i) {
            out << "  warning: " << warnings->getElement<std::string>(static_cast<unsigned>(i))
                << "\n";
        }
    }
}

/// rackd rewrites its hook status files once a second: an older one is out of date.
void sayIfOld(std::filesystem::file_time_type written, std::ostream& out) {
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(
        std::filesystem::file_time_type::clock::now() - written);
    if (age.count() > 5) {
        out << "  reported " << age.count()
            << " s ago: rackd or kea-dhcp4 is not running, this may be out of date\n";
    }
}

/// The DHCP HA hook's state as rackd last read it (rack_state_dir/dhcp-ha.json, once a second
/// while kea-dhcp4 runs in a pair); nothing on a rack without a partner.
void printHaStatus(const Paths& paths, std::ostream& out) {
    const auto path = paths.rack_state_dir / "dhcp-ha.json";
    std::optional<std::string> file;
    std::error_code ec;
    const auto written = std::filesystem::last_write_time(path, ec);
    try {
        file = readFileIfExists(path);
    } catch (const std::exception&) {
    }
    if (!file || file->empty() || ec) {
        return;
    }
    Poco::JSON::Object::Ptr ha;
    try {
        ha = Poco::JSON::Parser().parse(*file).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        out << "dhcp-ha: status file " << path.string() << " is unreadable\n";
        return;
    }
    const bool link = ha->has("link_up") && ha->getValue<bool>("link_up");
    out << "dhcp-ha: " << text(ha, "state") << " as " << text(ha, "role") << " (partner "
        << text(ha, "partner_state") << ", link " << (link ? "up" : "down") << ", backlog "
        << text(ha, "backlog") << ", new addresses: " << text(ha, "allocation") << ")\n";
    if (text(ha, "last_failover_ms_ago") != "-1") {
        out << "  last failover " << text(ha, "last_failover_ms_ago")
            << " ms ago: " << text(ha, "last_failover_reason") << "\n";
    }
    sayIfOld(written, out);
}

/// The hook's lease events on their way to rackd (rack_state_dir/dhcp-lease-events.json, the
/// `lease-events` counters of maas-ha-status as rackd last read them, once a second, any role).
void printLeaseEvents(const Paths& paths, std::ostream& out) {
    const auto path = paths.rack_state_dir / "dhcp-lease-events.json";
    std::error_code ec;
    const auto written = std::filesystem::last_write_time(path, ec);
    Poco::JSON::Object::Ptr events;
    try {
        const auto file = readFileIfExists(path);
        if (!file || file->empty() || ec)
            return;
        events = Poco::JSON::Parser().parse(*file).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        out << "lease-events: status file " << path.string() << " is unreadable\n";
        return;
    }
    out << "lease-events: hook buffered " << text(events, "buffered") << ", unacked "
        << text(events, "unacked") << ", resent " << text(events, "resent") << ", dropped "
        << text(events, "dropped") << "\n";
    sayIfOld(written, out);
}

/// A hook library that is not there makes kea-dhcp4 refuse every configuration; name it here
/// rather than leave only RACK_DHCP_REFUSED in the log. The CLI sits in the same bin/ as rackd.
void printHookCheck(const Paths& paths, std::ostream& out) {
    std::string configured;
    try {
        configured = Settings::load(rackdSchema(), paths.rackd_conf).getString("dhcp_hook_library");
    } catch (const SettingsError&) {
        return;  // rackd reports a broken rackd.conf itself
    }
    const auto hook = hookLibraryPath(configured, runningExecutable("/usr/bin/maas"),
                                      [](const auto& p) { return std::filesystem::exists(p); });
    if (!std::filesystem::exists(hook)) {
        out << "rack: warning: DHCP hook library " << hook.string() << " does not exist"
            << (configured.empty() ? "" : " (rackd.conf dhcp_hook_library)")
            << "; kea-dhcp4 will refuse every configuration\n";
    }
}

/// The cluster as this host's regiond.conf sees it: nothing on a host without a region, else
/// a snapshot or why the database could not be read (reported, never fatal).
struct ClusterView {
    bool region_host = false;
    std::optional<ClusterSnapshot> snapshot;
    std::string error;
};

ClusterView readCluster(const CliContext& ctx) {
    const Paths& paths = ctx.paths;
    ClusterView view;
    if (!std::filesystem::exists(paths.regiond_conf))
        return view;
    try {
        if (!hasRegion(readMode(paths)))
            return view;
        view.region_host = true;
        view.snapshot = readClusterSnapshot(ctx);
    } catch (const std::exception& e) {
        view.error = e.what();
    }
    return view;
}

// On a region host: the other regions, their workers and the database connections the
// cluster holds.
void printCluster(CliContext& ctx) {
    const auto view = readCluster(ctx);
    if (view.snapshot)
        ctx.out << renderClusterStatus(*view.snapshot);
    else if (view.region_host)
        ctx.out << "cluster: database unreachable (" << view.error << ")\n";
}

/// The supervisor's document plus, on a region host, "cluster" (clusterStatusJson, or
/// {"error": ...} when the database cannot be read).
std::string withCluster(const std::string& status, const CliContext& ctx) {
    const auto view = readCluster(ctx);
    if (!view.region_host)
        return status;
    Poco::JSON::Parser parser;
    auto root = parser.parse(status).extract<Poco::JSON::Object::Ptr>();
    if (view.snapshot) {
        root->set("cluster", clusterStatusJson(*view.snapshot));
    } else {
        Poco::JSON::Object::Ptr error = new Poco::JSON::Object;
        error->set("error", "database unreachable: " + view.error);
        root->set("cluster", error);
    }
    std::ostringstream out;
    root->stringify(out);
    return out.str();
}

}  // namespace

int runStatus(const std::vector<std::string>& args, CliContext& ctx) {
    const ParsedArgs parsed = parseArgs(args, {{"--json", false}});
    if (!parsed.positional.empty()) {
        throw UsageError(optionError(parsed.positional[0], "unexpected argument"));
    }
    std::string status;
    bool live = true;
    try {
        const auto reply = control::controlRequest(ctx.paths.supervisor_socket, "status");
        Poco::JSON::Parser parser;
        auto envelope = parser.parse(reply).extract<Poco::JSON::Object::Ptr>();
        std::ostringstream args_text;
        envelope->getObject("arguments")->stringify(args_text);
        status = args_text.str();
    } catch (const control::ControlUnavailable&) {
        live = false;
        status = readFileIfExists(ctx.paths.supervisor_status).value_or("");
    }
    if (status.empty()) {
        ctx.err << "maas status: the supervisor is not running and has left no status file ("
                << ctx.paths.supervisor_status.string() << ").\n";
        printRackStatus(ctx.paths, ctx.out);  // rackd may still run on its own
        printHaStatus(ctx.paths, ctx.out);
        printLeaseEvents(ctx.paths, ctx.out);
        printHookCheck(ctx.paths, ctx.out);
        printCluster(ctx);
        return 1;
    }
    if (parsed.has("--json")) {
        ctx.out << withCluster(status, ctx) << "\n";
        return live ? 0 : 1;
    }
    Poco::JSON::Parser parser;
    auto root = parser.parse(status).extract<Poco::JSON::Object::Ptr>();
    ctx.out << "mode: " << text(root, "mode") << "\n";
    if (!live) {
        ctx.out << "supervisor: not running (last status from "
                << ctx.paths.supervisor_status.string() << ")\n";
    } else {
        ctx.out << "supervisor: running, pid " << text(root, "supervisor_pid") << "\n";
    }
    auto services = root->getArray("services");
    if (services->size() == 0) {
        ctx.out << "no services\n";
        printCluster(ctx);
        return live ? 0 : 1;
    }
    ctx.out << std::left << std::setw(12) << "SERVICE" << std::setw(12) << "STATE" << std::setw(7)
            << "READY" << std::setw(9) << "PID" << std::setw(10) << "RESTARTS"
            << "LAST EXIT\n";
    for (size_t i = 0; i < services->size(); ++i) {
        auto s = services->getObject(static_cast<unsigned>(i));
        ctx.out << std::left << std::setw(12) << text(s, "name") << std::setw(12)
                << text(s, "state") << std::setw(7) << (s->getValue<bool>("ready") ? "yes" : "no")
                << std::setw(9) << text(s, "pid") << std::setw(10) << text(s, "restarts")
                << text(s, "last_exit");
        if (s->has("retry_at") && !s->isNull("retry_at"))
            ctx.out << "; crash loop, tried again at " << text(s, "retry_at");
        ctx.out << "\n";
    }
    if (text(root, "mode").find("rack") != std::string::npos) {
        printRackStatus(ctx.paths, ctx.out);
        printHaStatus(ctx.paths, ctx.out);
        printLeaseEvents(ctx.paths, ctx.out);
        printHookCheck(ctx.paths, ctx.out);
    }
    printCluster(ctx);
    return live ? 0 : 1;
}

}  // namespace maas::cli
