// Fuzzes the conversion of a lease as lease_cmds answers it (lease4-get, lease4-get-page) into
// the record the hook replicates: any JSON either converts or is refused with an exception,
// and what converts stays within the record's bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kea_lease_convert.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    isc::data::ConstElementPtr element;
    try {
        element = isc::data::Element::fromJSON(text);
    } catch (const std::exception&) {
        return 0;
    }
    try {
        const maas::hooks::LeaseRecord lease = maas::hooks::fromLeaseElement(element);
        if (lease.hw_address.size() > 20 || lease.client_id.size() > 255 ||
            lease.hostname.size() > 255) {
            std::abort();
        }
    } catch (const std::exception&) {
        // Malformed leases are refused; the caller logs and skips them.
    }
    return 0;
}
