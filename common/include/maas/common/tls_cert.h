#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "maas/common/tls_psk.h"

using X509 = struct x509_st;

namespace maas::tls {

/// Which part of a key/certificate set a problem is in, so an error can name its file.
enum class MaterialPart { Key, Certificate, CaCertificates };

class MaterialError : public std::runtime_error {
  public:
    MaterialError(MaterialPart part, const std::string& message)
        : std::runtime_error(message), part_(part) {}
    MaterialPart part() const { return part_; }

  private:
    MaterialPart part_;
};

/// A server's private key, its certificate and the CA chain that issued it, all PEM text.
struct Material {
    std::string key_pem;
    std::string cert_pem;
    std::string cacert_pem;  ///< may be empty (a self-signed or publicly trusted certificate)
};

/// What a usable certificate says about itself, for messages and `maas config-tls`.
struct CertificateFacts {
    std::string subject;
    std::chrono::system_clock::time_point not_after;
};

struct CertificateFree {
    void operator()(X509* cert) const;
};
using CertificatePtr = std::unique_ptr<X509, CertificateFree>;

/// Every certificate in a PEM text, in order. Throws MaterialError for `part` when there is
/// none or a block is damaged.
std::vector<CertificatePtr> parseCertificates(const std::string& pem, MaterialPart part);

/// Subject and expiry of the first certificate of a PEM text, expired or not. Throws
/// MaterialError when there is none.
CertificateFacts certificateFacts(const std::string& cert_pem);

/// Checks a set before it is stored or served: the key parses, the certificate parses, is
/// valid at `now` (not expired, not yet-to-come), the key is the certificate's, and every
/// block of the CA text is a certificate. Throws MaterialError naming the part at fault.
CertificateFacts checkMaterial(const Material& material, std::chrono::system_clock::time_point now);

/// A TLS server context for the API: the certificate (and chain) with its key, TLS 1.2 and 1.3
/// only, forward-secret AEAD suites only, no renegotiation, no compression.
class CertificateServerContext final : public Context {
  public:
    explicit CertificateServerContext(const Material& material);
    ~CertificateServerContext() override;
    CertificateServerContext(const CertificateServerContext&) = delete;
    CertificateServerContext& operator=(const CertificateServerContext&) = delete;

    SSL_CTX* get() const override { return ctx_; }
    Role role() const override { return Role::Server; }
    bool acceptsSession(SSL*, std::string&) const override { return true; }

  private:
    SSL_CTX* ctx_ = nullptr;
};

/// TLS 1.2 suites a server offers: ECDHE with AES-GCM or ChaCha20-Poly1305 (TLS 1.3's are all
/// AEAD and always forward-secret).
inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

}  // namespace maas::tls
