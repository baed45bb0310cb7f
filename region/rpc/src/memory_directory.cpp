#include "maas/region/rpc/memory_directory.h"

#include <algorithm>

#include "maas/common/secret.h"

namespace maas::region::rpc {

namespace mr = maas::rpc;

namespace {

std::string connectionKey(const PeerInfo& peer) {
    return peer.endpoint + "#" + std::to_string(peer.connection_id);
}

}  // namespace

std::vector<std::string> versionWarnings(const std::string& rack_version,
                                         const std::string& region_version) {
    const auto rack = mr::parseVersion(rack_version);
    const auto region = mr::parseVersion(region_version);
    if (rack.major < 0 || region.major < 0) {
        return {"rack version '" + rack_version + "' cannot be compared with region version '" +
                region_version + "'"};
    }
    if (rack.major != region.major || rack.minor != region.minor) {
        return {"rack version " + rack_version + " differs from region version " + region_version +
                "; upgrade the older one"};
    }
    return {};
}

void checkSameMaas(const std::string& rack_uuid, const std::string& region_uuid) {
    if (!rack_uuid.empty() && rack_uuid != region_uuid) {
        throw DirectoryError(mr::code::kWrongMaas, "this rack belongs to MAAS " + rack_uuid +
                                                       " but this region serves "
                                                       "MAAS " +
                                                       region_uuid +
                                                       "; register the rack again to move it");
    }
}

MemoryRackDirectory::MemoryRackDirectory(std::string maas_uuid, std::string region_version,
                                         std::function<Clock::time_point()> now)
    : maas_uuid_(std::move(maas_uuid)),
      region_version_(std::move(region_version)),
      now_(std::move(now)) {}

std::string generateRackSystemId() {
    // 32 symbols without look-alikes (no i, l, o, u), so b % 32 is unbiased.
    static constexpr char kAlphabet[] = "abcdefghjkmnpqrstvwxyz0123456789";
    std::string id;
    for (auto b : randomBytes(6)) {
        id.push_back(kAlphabet[b % (sizeof(kAlphabet) - 1)]);
    }
    return id;
}

mr::RegisterResult MemoryRackDirectory::registerRack(const mr::RegisterArgs& args,
                                                     const PeerInfo& peer) {
    checkSameMaas(args.maas_uuid, maas_uuid_);
    std::vector<std::string> macs;
    for (const auto& i : args.interfaces) {
        if (!i.mac_address.empty()) {
            macs.push_back(i.mac_address);
        }
    }
    std::lock_guard lock(mutex_);
    Rack* match = nullptr;
    if (!args.system_id.empty()) {
        if (auto it = racks_.find(args.system_id); it != racks_.end()) {
            match = &it->second;
        }
    }
    for (auto it = racks_.begin(); match == nullptr && it != racks_.end(); ++it) {
        if (it->second.hostname == args.hostname) {
            match = &it->second;
        }
    }
    for (auto it = racks_.begin(); match == nullptr && it != racks_.end(); ++it) {
        for (const auto& mac : macs) {
            if (std::find(it->second.macs.begin(), it->second.macs.end(), mac) !=
                it->second.macs.end()) {
                match = &it->second;
                break;
            }
        }
    }
    if (match == nullptr) {
        auto id = args.system_id;
        while (id.empty() || racks_.contains(id)) {
            id = generateRackSystemId();
        }
        match = &racks_[id];
        match->system_id = id;
    }
    match->hostname = args.hostname;
    match->version = args.version;
    match->macs = macs;
    match->interfaces = args.interfaces;
    match->warnings = versionWarnings(args.version, region_version_);
    match->connections[connectionKey(peer)] = peer.endpoint;
    match->last_heartbeat = now_();
    ++registrations_;
    return mr::RegisterResult{match->system_id, maas_uuid_, region_version_, match->warnings};
}

void MemoryRackDirectory::heartbeat(const std::string& system_id, const PeerInfo& peer) {
    std::lock_guard lock(mutex_);
    auto it = racks_.find(system_id);
    if (it == racks_.end()) {
        throw DirectoryError(mr::code::kRackDeleted,
                             "rack controller " + system_id + " was deleted");
    }
    it->second.connections[connectionKey(peer)] = peer.endpoint;
    it->second.last_heartbeat = now_();
}

void MemoryRackDirectory::updateInterfaces(const mr::UpdateInterfacesArgs& args, const PeerInfo&) {
    std::lock_guard lock(mutex_);
    auto it = racks_.find(args.system_id);
    if (it == racks_.end()) {
        throw DirectoryError(mr::code::kRackDeleted,
                             "rack controller " + args.system_id + " was deleted");
    }
    it->second.interfaces = args.interfaces;
    ++it->second.interface_updates;
}

void MemoryRackDirectory::disconnected(const std::string& system_id, const PeerInfo& peer) {
    std::lock_guard lock(mutex_);
    if (auto it = racks_.find(system_id); it != racks_.end()) {
        it->second.connections.erase(connectionKey(peer));
    }
}

bool MemoryRackDirectory::remove(const std::string& system_id) {
    std::lock_guard lock(mutex_);
    return racks_.erase(system_id) > 0;
}

std::vector<MemoryRackDirectory::Rack> MemoryRackDirectory::racks() const {
    std::lock_guard lock(mutex_);
    std::vector<Rack> out;
    for (const auto& [id, rack] : racks_) {
        out.push_back(rack);
    }
    return out;
}

size_t MemoryRackDirectory::registrations() const {
    std::lock_guard lock(mutex_);
    return registrations_;
}

}  // namespace maas::region::rpc
