// config-tls: the API's TLS key and certificate, checked, then stored in the shared database,
// where every region's workers find them (TlsListener); the key is read from the file named,
// never from the command line, and never printed.
#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>

#include "maas/common/args.h"
#include "maas/common/config_schemas.h"
#include "maas/common/secret_input.h"
#include "maas/common/unique_fd.h"
#include "maas/region/db/event_log.h"
#include "maas/region/db/migrations.h"
#include "maas/region/store/tls_store.h"
#include "maas/region/worker/config.h"
#include "region_tool.h"

namespace maas::region::tools {

namespace {

constexpr const char* kUsage =
    "usage: maas config-tls enable KEY CERT [--cacert CACERT] [-p|--port PORT] [--yes]\n"
    "       maas config-tls disable\n";
constexpr const char* kProceed =
    "Once TLS is enabled, the MAAS UI and API won't be accessible over HTTP anymore, proceed? "
    "(y/n): ";
constexpr int kMaxPemBytes = 1 << 20;

/// The caller lacks the rights the command needs.
class PermissionError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

std::string readPem(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw UsageError(optionError(path, std::string("cannot read: ") + std::strerror(errno)));
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > kMaxPemBytes)
        throw UsageError(optionError(path, "larger than 1 MiB, not a PEM file"));
    return text.str();
}

int parsePort(const std::optional<std::string>& text) {
    if (!text)
        return 5443;
    int port = 0;
    try {
        size_t used = 0;
        port = std::stoi(*text, &used);
        if (used != text->size())
            port = 0;
    } catch (const std::exception&) {
        port = 0;
    }
    if (port < 1 || port > 65535)
        throw UsageError(optionError("--port", "must be 1..65535"));
    return port;
}

/// The files' material, checked; errors name the file at fault.
tls::Material checkedMaterial(const ParsedArgs& parsed, std::string& subject) {
    const auto& key_path = parsed.positional[1];
    const auto& cert_path = parsed.positional[2];
    const auto ca_path = parsed.value("--cacert");
    tls::Material material{readPem(key_path), readPem(cert_path), ca_path ? readPem(*ca_path) : ""};
    try {
        subject = tls::checkMaterial(material, std::chrono::system_clock::now()).subject;
    } catch (const tls::MaterialError& e) {
        const auto& file = e.part() == tls::MaterialPart::Key           ? key_path
                           : e.part() == tls::MaterialPart::Certificate ? cert_path
                                                                        : *ca_path;
        throw UsageError(optionError(file, e.what()));
    }
    return material;
}

/// Root, or the region's user: the owner of regiond.conf or a member of its group (packages
/// install it root:maas 0640), which is what reading the database credentials takes. Says what
/// is missing, as MAAS's region commands do, before anything is read.
void requireRights(const std::filesystem::path& regiond_conf) {
    if (::geteuid() == 0)
        return;
    struct stat st {};
    if (::stat(regiond_conf.c_str(), &st) == 0) {
        if (st.st_uid == ::geteuid() || st.st_gid == ::getegid())
            return;
        std::vector<gid_t> groups(static_cast<size_t>(std::max(::getgroups(0, nullptr), 0)));
        const int n = ::getgroups(static_cast<int>(groups.size()), groups.data());
        for (int i = 0; i < n; ++i)
            if (groups[static_cast<size_t>(i)] == st.st_gid)
                return;
    } else if (errno == ENOENT) {
        return;  // no regiond.conf: defaults, nothing the region's user alone may read
    }
    const group* owner = ::stat(regiond_conf.c_str(), &st) == 0 ? ::getgrgid(st.st_gid) : nullptr;
    throw PermissionError(
        "must be run as root or as the region's user" +
        (owner ? " (a member of group '" + std::string(owner->gr_name) + "')" : std::string()) +
        ", who can read " + regiond_conf.string() + "; try: sudo maas config-tls ...");
}

/// Whether another program listens on the port on this host now (the workers bind it with
/// SO_REUSEPORT, so a socket without it fails beside any listener).
bool portTakenHere(const std::string& address, int port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (!fd || ::inet_pton(AF_INET, address.c_str(), &addr.sin_addr) != 1)
        return false;  // not an IPv4 address: the workers say it when they bind
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    return ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
           errno == EADDRINUSE;
}

std::unique_ptr<db::Connection> connect(const Settings& regiond) {
    auto conn = db::Connection::open(worker::databaseParams(regiond, "maas-admin"));
    db::applyMigrations(*conn, db::embeddedMigrations());
    return conn;
}

bool confirmed(const ParsedArgs& parsed, std::ostream& err) {
    if (parsed.has("--yes"))
        return true;
    auto& in = processSecretInput();
    if (in.isTerminal())
        err << kProceed << std::flush;
    const auto answer = in.readLine().value_or("");
    return answer == "y" || answer == "Y";
}

int enable(const ParsedArgs& parsed, const Settings& regiond, CliContext& ctx) {
    if (parsed.positional.size() != 3)
        throw UsageError(std::string("enable needs KEY and CERT\n") + kUsage);
    const int port = parsePort(parsed.value("--port"));
    if (port == regiond.getInt("http_port"))
        throw UsageError(optionError("--port", std::to_string(port) + " is the HTTP port"));
    std::string subject;
    const auto material = checkedMaterial(parsed, subject);
    if (!confirmed(parsed, ctx.err)) {
        ctx.err << "TLS settings left unchanged.\n";
        return 1;
    }
    auto conn = connect(regiond);
    db::Transaction tx(*conn);
    store::TlsStore tls_store(*conn);
    const auto current = tls_store.load();
    // Our own workers hold the port they serve now; any other holder is another program.
    const bool taken = (!current || current->port != port) &&
                       portTakenHere(regiond.getString("listen_address"), port);
    tls_store.save({material, port});
    db::recordEvent(*conn, {db::event_types::kSettings,
                            "Enabled TLS for " + subject + " on port " + std::to_string(port) +
                                " (maas config-tls on a region host).",
                            std::nullopt, "", "", ""});
    tx.commit();
    ctx.out << "TLS enabled for " << subject << ": every region serves https on port " << port
            << " within seconds.\n";
    if (taken)
        ctx.err << "maas config-tls: warning: port " << port
                << " is in use on this host by another program; the region's workers retry it "
                   "at every heartbeat for two minutes, then give up (free the port, or enable "
                   "again with another --port).\n";
    return 0;
}

}  // namespace

int runConfigTls(const std::vector<std::string>& args, CliContext& ctx) {
    try {
        auto words = args;
        for (auto& w : words)
            if (w == "-p")
                w = "--port";  // MAAS's short form
        const auto parsed =
            parseArgs(words, {{"--cacert", true}, {"--port", true}, {"--yes", false}});
        if (parsed.positional.empty())
            throw UsageError(std::string("a command is required: enable or disable\n") + kUsage);
        requireRights(ctx.paths.regiond_conf);
        const auto regiond = Settings::load(regiondSchema(), ctx.paths.regiond_conf);
        if (parsed.positional[0] == "enable")
            return enable(parsed, regiond, ctx);
        if (parsed.positional[0] != "disable" || parsed.positional.size() != 1 ||
            !parsed.options.empty())
            throw UsageError(std::string("unknown arguments\n") + kUsage);
        auto conn = connect(regiond);
        db::Transaction tx(*conn);
        const bool was_on = store::TlsStore(*conn).clear();
        if (was_on)
            db::recordEvent(*conn, {db::event_types::kSettings,
                                    "Disabled TLS (maas config-tls on a region host).",
                                    std::nullopt, "", "", ""});
        tx.commit();
        ctx.out << (was_on ? "TLS disabled: regions serve http only.\n" : "TLS was not enabled.\n");
        return 0;
    } catch (const UsageError& e) {
        ctx.err << "maas config-tls: " << e.what() << "\n";
        return 2;
    } catch (const PermissionError& e) {
        ctx.err << "maas config-tls: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        ctx.err << "maas config-tls: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace maas::region::tools
