#include "kea_lease_convert.h"

#include <dhcp/duid.h>
#include <dhcp/hwaddr.h>

#include <stdexcept>

#include "maas/common/secret.h"

namespace maas::hooks {

using isc::data::ConstElementPtr;
using isc::data::Element;
using isc::data::ElementPtr;

LeaseRecord fromKeaLease(const isc::dhcp::Lease4& lease, LeaseRecord::Op op) {
    LeaseRecord r;
    r.op = op;
    r.address = lease.addr_.toUint32();
    if (lease.hwaddr_) {
        r.hw_address = lease.hwaddr_->hwaddr_;
    }
    if (lease.client_id_) {
        r.client_id = lease.client_id_->getClientId();
    }
    r.valid_lifetime = lease.valid_lft_;
    r.cltt = lease.cltt_;
    r.subnet_id = lease.subnet_id_;
    r.state = lease.state_;
    r.hostname = lease.hostname_.substr(0, 255);
    r.fqdn_forward = lease.fqdn_fwd_;
    r.fqdn_reverse = lease.fqdn_rev_;
    if (r.hw_address.size() > 20) {
        r.hw_address.resize(20);
    }
    return r;
}

ElementPtr toUpdateArguments(const LeaseRecord& lease) {
    ElementPtr args = Element::createMap();
    args->set("ip-address", Element::create(formatAddress(lease.address)));
    args->set("hw-address", Element::create(formatHex(lease.hw_address)));
    if (!lease.client_id.empty()) {
        // Digits without separators: Kea decodes a colon-separated client-id with one
        // stringstream per octet, plain digits with one (perf on the partner: 7 % -> 3 %).
        args->set("client-id", Element::create(maas::toHex(lease.client_id)));
    }
    args->set("valid-lft", Element::create(static_cast<int64_t>(lease.valid_lifetime)));
    // lease_cmds derives cltt from expire; it refuses expire < valid-lft (cltt 0).
    const int64_t expire = std::max<int64_t>(lease.expiresAt(), lease.valid_lifetime + 1);
    args->set("expire", Element::create(expire));
    args->set("state", Element::create(static_cast<int64_t>(lease.state)));
    if (!lease.hostname.empty()) {
        args->set("hostname", Element::create(lease.hostname));
        args->set("fqdn-fwd", Element::create(lease.fqdn_forward));
        args->set("fqdn-rev", Element::create(lease.fqdn_reverse));
    }
    args->set("force-create", Element::create(true));
    return args;
}

namespace {

Bytes hexBytes(const std::string& text) {
    Bytes out;
    int nibbles = 0;
    uint8_t current = 0;
    for (char c : text) {
        int v = -1;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        } else if (c == ':') {
            continue;
        } else {
            throw std::invalid_argument("bad hex '" + text + "'");
        }
        current = static_cast<uint8_t>((current << 4) | v);
        if (++nibbles == 2) {
            out.push_back(current);
            nibbles = 0;
            current = 0;
        }
    }
    return out;
}

// A field lease_cmds always sends; its absence is malformed data, not a null dereference.
ConstElementPtr required(const ConstElementPtr& e, const std::string& name) {
    ConstElementPtr value = e->get(name);
    if (!value) {
        throw std::invalid_argument("lease without '" + name + "'");
    }
    return value;
}

}  // namespace

LeaseRecord fromLeaseElement(const ConstElementPtr& e) {
    if (!e || e->getType() != Element::map) {
        throw std::invalid_argument("a lease must be a map");
    }
    LeaseRecord r;
    if (!parseAddress(required(e, "ip-address")->stringValue(), r.address)) {
        throw std::invalid_argument("bad ip-address");
    }
    if (auto hw = e->get("hw-address")) {
        r.hw_address = hexBytes(hw->stringValue());
    }
    if (auto id = e->get("client-id")) {
        r.client_id = hexBytes(id->stringValue());
    }
    r.valid_lifetime = static_cast<uint32_t>(required(e, "valid-lft")->intValue());
    r.cltt = required(e, "cltt")->intValue();
    if (auto subnet = e->get("subnet-id")) {
        r.subnet_id = static_cast<uint32_t>(subnet->intValue());
    }
    if (auto state = e->get("state")) {
        r.state = static_cast<uint32_t>(state->intValue());
    }
    if (auto hostname = e->get("hostname")) {
        r.hostname = hostname->stringValue().substr(0, 255);
    }
    if (auto fwd = e->get("fqdn-fwd")) {
        r.fqdn_forward = fwd->boolValue();
    }
    if (auto rev = e->get("fqdn-rev")) {
        r.fqdn_reverse = rev->boolValue();
    }
    if (r.hw_address.size() > 20 || r.client_id.size() > 255) {
        throw std::invalid_argument("identifier too long");
    }
    return r;
}

}  // namespace maas::hooks
