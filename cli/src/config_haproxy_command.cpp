// `maas config haproxy [--keepalived ...]`: prints a haproxy.cfg for the regions the cluster
// knows (live rows of region_processes, which `maas-region cluster_snapshot` reads with this
// region's regiond.conf), or for the regions named by --regions on a host without one.
#include <charconv>
#include <filesystem>
#include <ostream>

#include "maas/cli/cluster_status.h"
#include "maas/cli/commands.h"
#include "maas/cli/haproxy_config.h"
#include "maas/common/args.h"

namespace maas::cli {

namespace {

int intOption(const ParsedArgs& parsed, const std::string& name, int fallback) {
    const auto text = parsed.value(name);
    if (!text)
        return fallback;
    int value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size())
        throw UsageError(optionError(name, "must be an integer"));
    return value;
}

std::vector<RegionBackend> regionsFromDatabase(CliContext& ctx) {
    if (!std::filesystem::exists(ctx.paths.regiond_conf))
        throw CommandError("no " + ctx.paths.regiond_conf.string() +
                           " on this host to find the database; name the regions with "
                           "--regions HOST[:PORT],...");
    std::vector<RegionWorkerRow> rows;
    try {
        for (const auto& w : readClusterSnapshot(ctx).workers)
            rows.push_back(w.endpoint);
    } catch (const std::exception& e) {
        throw CommandError(std::string("cannot read the regions from the database (") + e.what() +
                           "); name them with --regions HOST[:PORT],...");
    }
    auto backends = backendsFromWorkers(rows);
    if (backends.empty())
        throw CommandError(
            "no live region controller is recorded in the database; start the "
            "regions or name them with --regions HOST[:PORT],...");
    return backends;
}

}  // namespace

int runConfigHaproxy(const std::vector<std::string>& args, CliContext& ctx) {
    const ParsedArgs parsed = parseArgs(args, {{"--regions"},
                                               {"--port"},
                                               {"--bind-address"},
                                               {"--stats-socket"},
                                               {"--keepalived", false},
                                               {"--interface"},
                                               {"--virtual-address"},
                                               {"--router-id"},
                                               {"--tls", false},
                                               {"--tls-port"}});
    if (!parsed.positional.empty())
        throw UsageError(optionError(parsed.positional[0], "unexpected argument"));
    HaproxyOptions options;
    options.port = intOption(parsed, "--port", options.port);
    options.bind_address = parsed.value("--bind-address").value_or(options.bind_address);
    options.stats_socket = parsed.value("--stats-socket").value_or(options.stats_socket);
    if (parsed.has("--tls-port") && !parsed.has("--tls"))
        throw UsageError(optionError("--tls-port", "only applies with --tls"));
    if (parsed.has("--tls")) {
        options.tls_port = intOption(parsed, "--tls-port", 5443);
        if (options.tls_port < 1)
            throw UsageError(optionError("--tls-port", "must be 1..65535"));
    }
    if (auto problem = checkHaproxyOptions(options))
        throw UsageError(*problem);
    const bool keepalived = parsed.has("--keepalived");
    KeepalivedOptions vrrp;
    if (keepalived) {
        vrrp.interface = parsed.value("--interface").value_or("");
        vrrp.virtual_address = parsed.value("--virtual-address").value_or("");
        vrrp.router_id = intOption(parsed, "--router-id", vrrp.router_id);
        if (auto problem = checkKeepalivedOptions(vrrp))
            throw UsageError(*problem);
    } else {
        for (const char* name : {"--interface", "--virtual-address", "--router-id"})
            if (parsed.has(name))
                throw UsageError(optionError(name, "only applies with --keepalived"));
    }
    std::vector<RegionBackend> backends;
    if (const auto list = parsed.value("--regions")) {
        std::string error;
        auto parsed_list = parseRegionList(*list, error);
        if (!parsed_list)
            throw UsageError(optionError("--regions", error));
        backends = std::move(*parsed_list);
    } else {
        backends = regionsFromDatabase(ctx);
    }
    ctx.out << renderHaproxyConfig(backends, options);
    if (keepalived) {
        for (const bool first : {true, false})
            ctx.out << "\n# ===== keepalived.conf for haproxy host " << (first ? 1 : 2)
                    << " =====\n"
                    << renderKeepalivedConfig(vrrp, first);
    }
    return 0;
}

}  // namespace maas::cli
