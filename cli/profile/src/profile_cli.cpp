#include "maas/cli/profile/profile_cli.h"

#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "maas/common/https_client.h"
#include "maas/common/oauth.h"
#include "maas/common/secret.h"

namespace maas::cli::profile {

ProfileCli::ProfileCli(ProfileStore& store, HttpClient& http, std::istream& in, std::ostream& out,
                       std::ostream& err)
    : store_(store), http_(http), in_(in), out_(out), err_(err) {}

bool ProfileCli::handles(const std::string& word) const {
    if (word == "login" || word == "logout" || word == "list")
        return true;
    try {
        return store_.load().contains(word);
    } catch (const std::exception&) {
        return false;
    }
}

std::string ProfileCli::authorization(const std::string& credentials) const {
    if (credentials.empty())
        return "";
    const auto key = ApiKey::parse(credentials);
    if (!key)
        return "";
    return makeOAuthHeader(*key, static_cast<int64_t>(std::time(nullptr)), toHex(randomBytes(16)));
}

int ProfileCli::run(const std::vector<std::string>& args) {
    try {
        if (args.empty()) {
            err_ << "usage: maas login PROFILE URL [KEY] | logout PROFILE | list | "
                    "PROFILE RESOURCE ACTION [ARGS...]\n";
            return 2;
        }
        if (args[0] == "login")
            return login(args);
        if (args[0] == "logout")
            return logout(args);
        if (args[0] == "list")
            return list();
        const auto profiles = store_.load();
        const auto found = profiles.find(args[0]);
        if (found == profiles.end()) {
            err_ << "maas: unknown profile or command '" << args[0] << "' (see maas list)\n";
            return 2;
        }
        return call(found->second, {args.begin() + 1, args.end()});
    } catch (const std::exception& e) {
        err_ << "maas: " << e.what() << "\n";
        return 1;
    }
}

CliRequest ProfileCli::requestFor(const Profile& p, const std::string& method,
                                  const std::string& url) const {
    CliRequest r{method, url, "", ""};
    r.cacerts = p.cacerts;
    r.insecure = p.insecure;
    return r;
}

std::variant<Profile, int> ProfileCli::loginProfile(const std::vector<std::string>& args) {
    constexpr const char* kUsage =
        "usage: maas login PROFILE URL [KEY|-] [--cacerts FILE] [-k|--insecure]\n";
    std::vector<std::string> words;
    std::optional<std::string> cacerts_file;
    bool insecure = false;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "-k" || args[i] == "--insecure") {
            insecure = true;
        } else if (args[i] == "--cacerts" && i + 1 < args.size()) {
            cacerts_file = args[++i];
        } else if (args[i].starts_with("--cacerts=")) {
            cacerts_file = args[i].substr(10);
        } else if (args[i].starts_with("-") && args[i] != "-") {
            err_ << "maas login: unknown option " << args[i] << "\n" << kUsage;
            return 2;
        } else {
            words.push_back(args[i]);
        }
    }
    if (words.size() < 2 || words.size() > 3) {
        err_ << kUsage;
        return 2;
    }
    if (insecure && cacerts_file) {
        err_ << "You cannot use both cacerts and insecure arguments.\n";
        return 2;
    }
    Profile p{words[0], apiUrl(words[1]), words.size() == 3 ? words[2] : "", ""};
    p.insecure = insecure;
    if (cacerts_file) {
        std::ifstream in(*cacerts_file);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) {
            err_ << "maas login: --cacerts: cannot read " << *cacerts_file << "\n";
            return 2;
        }
        try {
            https::checkCaCertificates(text.str());
        } catch (const std::invalid_argument& e) {
            err_ << "maas login: --cacerts: " << *cacerts_file << ": " << e.what() << "\n";
            return 2;
        }
        p.cacerts = text.str();
    }
    return p;
}

int ProfileCli::login(const std::vector<std::string>& args) {
    auto parsed = loginProfile(args);
    if (const auto* status = std::get_if<int>(&parsed))
        return *status;
    auto& p = std::get<Profile>(parsed);
    if (p.credentials == "-")
        std::getline(in_, p.credentials);
    if (!p.credentials.empty() && !ApiKey::parse(p.credentials)) {
        err_ << "maas: the API key must look like consumer:token:secret\n";
        return 2;
    }
    if (!p.credentials.empty()) {
        const auto who = http_.send(requestFor(p, "GET", p.url + "users/?op=whoami"),
                                    authorization(p.credentials));
        if (who.status == 401) {
            err_ << "The MAAS server rejected your API key.\n";
            return 2;
        }
        if (who.status != 200) {
            err_ << "maas: " << p.url << " answered " << who.status << " " << who.reason
                 << " to whoami; is this a MAAS API URL?\n";
            return 2;
        }
    }
    const auto describe =
        http_.send(requestFor(p, "GET", p.url + "describe/"), authorization(p.credentials));
    if (describe.status != 200) {
        err_ << "maas: cannot read " << p.url << "describe/ (" << describe.status << ")\n";
        return 2;
    }
    resourcesFromDescribe(describe.body, !p.credentials.empty());  // validates the document
    p.describe = describe.body;
    auto profiles = store_.load();
    profiles[p.name] = p;
    store_.save(profiles);
    out_ << "\nYou are now logged in to the MAAS server at " << p.url << " with the profile name '"
         << p.name << "'.\n\nFor help with the available commands, try:\n\n  maas " << p.name
         << " --help\n\n";
    return 0;
}

int ProfileCli::logout(const std::vector<std::string>& args) {
    if (args.size() != 2) {
        err_ << "usage: maas logout PROFILE\n";
        return 2;
    }
    auto profiles = store_.load();
    if (profiles.erase(args[1]) == 0) {
        err_ << "maas: no profile named '" << args[1] << "'\n";
        return 2;
    }
    store_.save(profiles);
    return 0;
}

int ProfileCli::list() {
    for (const auto& [name, p] : store_.load())
        out_ << name << " " << p.url << " " << p.credentials << "\n";
    return 0;
}

int ProfileCli::call(const Profile& profile, const std::vector<std::string>& args) {
    const auto resources = resourcesFromDescribe(profile.describe, !profile.credentials.empty());
    const bool help = !args.empty() && (args.back() == "--help" || args.back() == "-h");
    const CliResource* resource = nullptr;
    if (!args.empty())
        for (const auto& r : resources)
            if (r.name == args[0])
                resource = &r;
    if (!resource) {
        if (!args.empty() && !help)
            err_ << "maas: unknown resource '" << args[0] << "'\n";
        err_ << "usage: maas " << profile.name << " RESOURCE ACTION ...\n\nresources:\n";
        for (const auto& r : resources)
            err_ << "  " << r.name << "  " << r.doc << "\n";
        return help ? 0 : 2;
    }
    const CliAction* action = nullptr;
    if (args.size() > 1)
        for (const auto& a : resource->actions)
            if (a.name == args[1])
                action = &a;
    if (!action || help) {
        if (args.size() > 1 && !action && !help)
            err_ << "maas: unknown action '" << args[1] << "' for " << resource->name << "\n";
        err_ << "usage: maas " << profile.name << " " << resource->name << " ACTION";
        for (const auto& p : resource->params)
            err_ << " " << p;
        err_ << " [key=value ...]\n\nactions:\n";
        for (const auto& a : resource->actions)
            err_ << "  " << a.name << "  " << a.doc << "\n";
        return help ? 0 : 2;
    }
    CliRequest request;
    try {
        request = buildRequest(*resource, *action, {args.begin() + 2, args.end()},
                               "maascli-" + toHex(randomBytes(8)));
    } catch (const std::invalid_argument& e) {
        err_ << "maas: " << e.what() << "\n";
        return 2;
    }
    request.cacerts = profile.cacerts;
    request.insecure = profile.insecure;
    const auto response = http_.send(request, authorization(profile.credentials));
    const bool ok = response.status / 100 == 2;
    if (!ok)
        err_ << response.status << " " << response.reason << "\n";
    if (!response.body.empty()) {
        out_ << (response.content_type.starts_with("application/json") ? prettyJson(response.body)
                                                                       : response.body);
        if (response.body.back() != '\n')
            out_ << "\n";
    }
    return ok ? 0 : 2;
}

}  // namespace maas::cli::profile
