#include "maas/rack/register_command.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <istream>
#include <ostream>
#include <stdexcept>

#include "maas/common/config_schemas.h"
#include "maas/common/https_client.h"
#include "maas/common/secret.h"
#include "maas/common/secret_input.h"
#include "maas/common/settings.h"
#include "maas/common/unique_fd.h"
#include "maas/rack/rack_state.h"

namespace maas::rack {

RegisterOptions parseRegisterArgs(const std::vector<std::string>& args) {
    RegisterOptions options;
    for (size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        auto value = [&](const std::string& option) {
            if (i + 1 >= args.size()) {
                throw std::invalid_argument(option + ": a value is required.");
            }
            return args[++i];
        };
        if (arg == "--url") {
            const auto url = value("--url");
            if (const auto problem = checkHttpUrl(url)) {
                throw std::invalid_argument("--url: " + *problem + ".");
            }
            options.urls.push_back(url);
        } else if (arg.rfind("--url=", 0) == 0) {
            const auto url = arg.substr(6);
            if (const auto problem = checkHttpUrl(url)) {
                throw std::invalid_argument("--url: " + *problem + ".");
            }
            options.urls.push_back(url);
        } else if (arg == "--secret") {
            options.secret_hex = value("--secret");
        } else if (arg.rfind("--secret=", 0) == 0) {
            options.secret_hex = arg.substr(9);
        } else if (arg == "--secret-file") {
            options.secret_file = value("--secret-file");
        } else if (arg.rfind("--secret-file=", 0) == 0) {
            options.secret_file = arg.substr(14);
        } else if (arg == "--maas-ca-file") {
            options.ca_file = value("--maas-ca-file");
        } else if (arg.rfind("--maas-ca-file=", 0) == 0) {
            options.ca_file = arg.substr(15);
        } else {
            throw std::invalid_argument(arg +
                                        ": unknown option (use --url URL [--url URL2 ...] "
                                        "[--secret-file FILE | --secret HEX] "
                                        "[--maas-ca-file FILE]).");
        }
    }
    if (options.urls.empty()) {
        throw std::invalid_argument("--url: at least one region URL is required.");
    }
    return options;
}

std::string restartThroughSupervisor(const Paths& paths, const std::string& service) {
    if (!std::filesystem::exists(paths.supervisor_socket)) {
        return "no supervisor control socket at " + paths.supervisor_socket.string() +
               "; restart " + service + " yourself";
    }
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const auto path = paths.supervisor_socket.string();
    if (!fd || path.size() >= sizeof(addr.sun_path)) {
        return "cannot reach the supervisor; restart " + service + " yourself";
    }
    path.copy(addr.sun_path, path.size());
    timeval timeout{5, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        return "cannot reach the supervisor; restart " + service + " yourself";
    }
    const std::string request = "restart " + service + "\n";
    if (::send(fd.get(), request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        return "cannot reach the supervisor; restart " + service + " yourself";
    }
    std::string reply;
    char buffer[1024];
    ssize_t n = 0;
    while (reply.find('\n') == std::string::npos &&
           (n = ::recv(fd.get(), buffer, sizeof(buffer), 0)) > 0) {
        reply.append(buffer, static_cast<size_t>(n));
    }
    // The envelope is {"result": 0|1, "text": ...}; 0 means success.
    if (reply.find("\"result\": 0") != std::string::npos ||
        reply.find("\"result\":0") != std::string::npos) {
        return service + " restarted by the supervisor";
    }
    return "the supervisor did not restart " + service + ": " + reply.substr(0, reply.find('\n'));
}

int runRegister(const std::vector<std::string>& args, const Paths& paths, SecretInput& in,
                std::ostream& out, std::ostream& err) {
    RegisterOptions options;
    std::optional<Secret> secret;
    Settings conf(rackdSchema());
    try {
        options = parseRegisterArgs(args);
        // As MAAS's register: prompted on a terminal, else one line of standard input; a
        // file keeps it off the command line, where `ps` would show it.
        options.secret_hex = readSecretOption(
            {"--secret", "Secret (hex/base16 encoded): ", false},
            options.secret_hex.empty() ? std::nullopt : std::optional(options.secret_hex),
            options.secret_file, in);
        try {
            secret = Secret::fromHex(options.secret_hex);
        } catch (const SecretError& e) {
            throw std::invalid_argument(std::string("--secret: ") + e.what());
        }
        // A region certificate from a private CA (self-signed): the rack trusts this CA
        // for its https maas_url, as `maas-rack config --maas-ca-file` sets it.
        const auto ca_file =
            options.ca_file
                ? std::optional(https::checkedCaFile("--maas-ca-file", *options.ca_file))
                : std::nullopt;
        conf = Settings::load(rackdSchema(), paths.rackd_conf);
        conf.set("maas_url", options.urls);
        if (ca_file)
            conf.set("maas_ca_file", *ca_file);
    } catch (const std::invalid_argument& e) {
        err << e.what() << "\n";
        return 2;
    } catch (const SettingsError& e) {
        err << e.what() << "\n";
        return 2;
    }
    try {
        std::filesystem::create_directories(paths.rackd_conf.parent_path());
        std::filesystem::create_directories(paths.secret.parent_path());
        conf.save(paths.rackd_conf);
        secret->writeFile(paths.secret);
        forgetIdentity(paths, true);  // never the region's files on a region+rack host
    } catch (const std::exception& e) {
        err << "register: " << e.what() << "\n";
        return 1;
    }
    out << "rack registered with " << options.urls.size() << " region URL(s); "
        << restartThroughSupervisor(paths, "rackd") << "\n";
    return 0;
}

}  // namespace maas::rack
