#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdlib>
#include <stdexcept>

#include "maas/cli/profile/profile_cli.h"
#include "maas/common/atomic_file.h"

namespace maas::cli::profile {

std::filesystem::path ProfileStore::defaultPath() {
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : "/root") / ".maascli.json";
}

std::map<std::string, Profile> ProfileStore::load() const {
    std::map<std::string, Profile> out;
    const auto text = readFileIfExists(file_);
    if (!text || text->empty())
        return out;
    try {
        const auto root = Poco::JSON::Parser().parse(*text).extract<Poco::JSON::Object::Ptr>();
        const auto profiles = root->getObject("profiles");
        if (!profiles)
            return out;
        for (const auto& [name, value] : *profiles) {
            const auto p = value.extract<Poco::JSON::Object::Ptr>();
            out[name] = Profile{name,
                                p->getValue<std::string>("url"),
                                p->getValue<std::string>("credentials"),
                                p->getValue<std::string>("describe"),
                                p->optValue<std::string>("cacerts", ""),
                                p->optValue<bool>("insecure", false)};
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error(file_.string() + ": unreadable profile file: " + e.message());
    }
    return out;
}

void ProfileStore::save(const std::map<std::string, Profile>& profiles) const {
    Poco::JSON::Object::Ptr all = new Poco::JSON::Object;
    for (const auto& [name, p] : profiles) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("url", p.url);
        o->set("credentials", p.credentials);
        o->set("describe", p.describe);
        if (!p.cacerts.empty())
            o->set("cacerts", p.cacerts);
        if (p.insecure)
            o->set("insecure", true);
        all->set(name, o);
    }
    Poco::JSON::Object root;
    root.set("profiles", all);
    std::ostringstream text;
    root.stringify(text);
    writeFileAtomically(file_, text.str(), FileMode::Private);
}

}  // namespace maas::cli::profile
