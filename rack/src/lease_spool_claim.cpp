#include "maas/rack/lease_spool_claim.h"

namespace maas::rack {

void LeaseSpoolClaim::linkRegistered(const Endpoint&) {
    try {
        spool_.belongTo(maas_uuid_());
    } catch (const std::exception& e) {
        logger_.log(kRackLeaseSpoolError,
                    std::string("could not tie the lease spool to this MAAS: ") + e.what());
    }
}

}  // namespace maas::rack
