#include <boost/test/unit_test.hpp>

#include "maas/region/http/form.h"

using namespace maas::region::http;

BOOST_AUTO_TEST_SUITE(form)

BOOST_AUTO_TEST_CASE(url_encoded_with_repeats) {
    const auto p = parseUrlEncoded("op=whoami&mac_addresses=a&mac_addresses=b&x=a+b%21&flag");
    BOOST_TEST(*p.get("op") == "whoami");
    BOOST_TEST(p.getAll("mac_addresses").size() == 2u);
    BOOST_TEST(*p.get("x") == "a b!");
    BOOST_TEST(*p.get("flag") == "");
    BOOST_CHECK_THROW(parseUrlEncoded("a=%G1"), FormError);
}

BOOST_AUTO_TEST_CASE(multipart_as_the_maas_cli_sends) {
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"cidr\"\r\n\r\n10.0.0.0/24\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n"
        "Content-Type: text/plain; charset=\"utf-8\"\r\n\r\nnet one\r\n--XyZ--\r\n";
    const auto p = parseBody("multipart/form-data; boundary=XyZ", body);
    BOOST_TEST(*p.get("cidr") == "10.0.0.0/24");
    BOOST_TEST(*p.get("name") == "net one");
}

BOOST_AUTO_TEST_CASE(base64_parts_as_python_email_encodes_them) {
    // The python MAAS CLI: MIMEApplication parts, Content-Transfer-Encoding base64.
    const std::string body =
        "--===b==\r\nContent-Type: application/octet-stream; charset=\"utf-8\"\r\n"
        "MIME-Version: 1.0\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Disposition: form-data; name=\"name\"\r\n\r\nbGFi\r\n"
        "--===b==\r\nContent-Transfer-Encoding: BASE64\r\n"
        "Content-Disposition: form-data; name=\"description\"\r\n\r\nYmVu\r\nY2g=\r\n"
        "--===b==--\r\n";
    const auto p = parseBody("multipart/form-data; boundary=\"===b==\"", body);
    BOOST_TEST(*p.get("name") == "lab");
    BOOST_TEST(*p.get("description") == "bench");
    BOOST_CHECK_THROW(parseMultipart("--b\r\nContent-Transfer-Encoding: base64\r\n"
                                     "Content-Disposition: form-data; name=\"x\"\r\n\r\n"
                                     "b?==\r\n--b--",
                                     "b"),
                      FormError);
}

BOOST_AUTO_TEST_CASE(malformed_multipart_is_an_error) {
    BOOST_CHECK_THROW(parseBody("multipart/form-data", "x"), FormError);
    BOOST_CHECK_THROW(parseMultipart("--b\r\nno headers", "b"), FormError);
    BOOST_CHECK_THROW(parseMultipart("--b\r\n\r\n\r\nvalue\r\n--b--", "b"), FormError);
    BOOST_CHECK_THROW(parseMultipart("nothing", "b"), FormError);
}

BOOST_AUTO_TEST_CASE(json_objects) {
    const auto p = parseBody("application/json", R"({"a": "x", "n": 3, "l": ["p", "q"]})");
    BOOST_TEST(*p.get("a") == "x");
    BOOST_TEST(*p.get("n") == "3");
    BOOST_TEST(p.getAll("l").size() == 2u);
    BOOST_CHECK_THROW(parseBody("application/json", "[1]"), FormError);
    BOOST_CHECK_THROW(parseBody("application/json", "{\"a\": {}}"), FormError);
    BOOST_CHECK_THROW(parseBody("application/json", "{"), FormError);
    BOOST_CHECK_THROW(parseBody("text/xml", "<a/>"), FormError);
}

BOOST_AUTO_TEST_SUITE_END()
