#include "maas/rack/rack_state.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

#include "maas/common/atomic_file.h"
#include "maas/rack/discovery.h"

namespace maas::rack {

std::string readTrimmed(const std::filesystem::path& path) {
    const auto text = readFileIfExists(path);
    if (!text) {
        return {};
    }
    const auto begin = text->find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) {
        return {};
    }
    const auto end = text->find_first_of("\r\n", begin);
    auto line = text->substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        line.pop_back();
    }
    return line;
}

RackIdentity::RackIdentity(const Paths& paths) : paths_(paths) {
    // Older installations kept the rack's ids in the data directory, shared with the region.
    // They are copied once; an existing (even empty) rack file means they were already taken.
    if (!std::filesystem::exists(paths.rack_maas_id) && std::filesystem::exists(paths.maas_id)) {
        std::filesystem::create_directories(paths.rack_state_dir);
        const auto legacy_uuid = readTrimmed(paths.maas_uuid);
        if (!legacy_uuid.empty() && !std::filesystem::exists(paths.rack_maas_uuid))
            writeFileAtomically(paths.rack_maas_uuid, legacy_uuid + "\n", FileMode::Secret);
        writeFileAtomically(paths.rack_maas_id, readTrimmed(paths.maas_id) + "\n",
                            FileMode::Secret);
    }
    system_id_ = readTrimmed(paths.rack_maas_id);
    maas_uuid_ = readTrimmed(paths.rack_maas_uuid);
}

std::string RackIdentity::systemId() const {
    std::lock_guard lock(mutex_);
    return system_id_;
}

std::string RackIdentity::maasUuid() const {
    std::lock_guard lock(mutex_);
    return maas_uuid_;
}

void RackIdentity::store(const std::string& system_id, const std::string& maas_uuid) {
    std::lock_guard lock(mutex_);
    std::filesystem::create_directories(paths_.rack_state_dir);
    if (system_id != system_id_) {
        writeFileAtomically(paths_.rack_maas_id, system_id + "\n", FileMode::Secret);
        system_id_ = system_id;
    }
    if (maas_uuid != maas_uuid_) {
        writeFileAtomically(paths_.rack_maas_uuid, maas_uuid + "\n", FileMode::Secret);
        maas_uuid_ = maas_uuid;
    }
}

void RackIdentity::forgetSystemId() {
    std::lock_guard lock(mutex_);
    forgetIdentity(paths_, false);
    system_id_.clear();
}

void forgetIdentity(const Paths& paths, bool also_maas) {
    // An empty file, not none: the legacy copy in the constructor must not bring the id back.
    std::filesystem::create_directories(paths.rack_state_dir);
    writeFileAtomically(paths.rack_maas_id, "\n", FileMode::Secret);
    if (also_maas) {
        std::error_code ignored;
        std::filesystem::remove(paths.rack_maas_uuid, ignored);
        std::filesystem::remove(paths.rack_state_dir / "rpc.state", ignored);
    }
}

std::set<Endpoint> loadKnownEndpoints(const std::filesystem::path& state_dir) {
    std::set<Endpoint> out;
    try {
        const auto text = readFileIfExists(state_dir / "rpc.state");
        if (!text) {
            return out;
        }
        // Same shape as the discovery answer, so one parser serves both.
        for (const auto& e : parseDiscovery(*text, "127.0.0.1")) {
            out.insert(e);
        }
    } catch (const std::exception&) {
        // A damaged state file only costs us the fallback; discovery rebuilds it.
    }
    return out;
}

void saveKnownEndpoints(const std::filesystem::path& state_dir,
                        const std::set<Endpoint>& endpoints) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& e : endpoints) {
        Poco::JSON::Array::Ptr pair = new Poco::JSON::Array;
        pair->add(e.host);
        pair->add(static_cast<int>(e.port));
        list->add(pair);
    }
    Poco::JSON::Object::Ptr loops = new Poco::JSON::Object;
    loops->set("known", list);
    Poco::JSON::Object root;
    root.set("eventloops", loops);
    std::ostringstream out;
    root.stringify(out);
    std::filesystem::create_directories(state_dir);
    writeFileAtomically(state_dir / "rpc.state", out.str() + "\n", FileMode::Private);
}

void writeStatus(const std::filesystem::path& state_dir, const RackStatus& status) {
    Poco::JSON::Object root;
    root.set("state", status.state);
    root.set("message", status.message);
    root.set("connected", status.connected);
    root.set("endpoints", status.endpoints);
    root.set("system_id", status.system_id);
    root.set("maas_uuid", status.maas_uuid);
    Poco::JSON::Array warnings;
    for (const auto& w : status.warnings) {
        warnings.add(w);
    }
    root.set("warnings", warnings);
    std::ostringstream out;
    root.stringify(out);
    std::filesystem::create_directories(state_dir);
    writeFileAtomically(state_dir / "status.json", out.str() + "\n", FileMode::Public);
}

}  // namespace maas::rack
