/* Known lookups against the hand-written fixture tests/fixtures/good.csv:
 * every expected value below is read off that file by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>

#include <cmocka.h>

#include "portreg.h"

#define N(s) (s), strlen(s)

/* Host to network byte order, written here rather than taken from libc. */
static uint16_t htons_(unsigned port)
{
    union { uint16_t v; uint8_t b[2]; } u;
    u.b[0] = (uint8_t)(port >> 8);
    u.b[1] = (uint8_t)port;
    return u.v;
}

static struct portreg_entry e[16];

static void by_name_http_has_tcp_udp_sctp_in_registry_order(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_name(N("http"), PORTREG_ANY, e, 16), 3);
    assert_string_equal(e[0].name, "http");
    assert_int_equal(e[0].port_lo, 80);
    assert_int_equal(e[0].proto, PORTREG_TCP);
    assert_int_equal(e[1].proto, PORTREG_UDP);
    assert_int_equal(e[2].proto, PORTREG_SCTP);
    assert_string_equal(e[2].description, "HTTP");
    assert_true(e[0].id < e[1].id && e[1].id < e[2].id);
}

static void by_port_80_tcp_lists_http_www_www_http(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_port(80, PORTREG_TCP, e, 16), 3);
    assert_string_equal(e[0].name, "http");
    assert_string_equal(e[1].name, "www");
    assert_string_equal(e[2].name, "www-http");
    assert_string_equal(portreg_name(80, "tcp"), "http");
    assert_string_equal(portreg_name(80, "sctp"), "http");
    assert_int_equal(portreg_by_port(80, PORTREG_ANY, e, 16), 7);
}

static void by_name_msp_has_two_ports(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_name(N("msp"), PORTREG_TCP, e, 16), 2);
    assert_int_equal(e[0].port_lo, 18);
    assert_int_equal(e[1].port_lo, 2438);
    assert_int_equal(portreg_port("msp", "udp"), 18);
}

static void by_port_covers_ranges(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_port(6000, PORTREG_ANY, e, 16), 2);
    assert_int_equal(portreg_by_port(6063, PORTREG_UDP, e, 16), 1);
    assert_string_equal(e[0].name, "x11");
    assert_int_equal(e[0].port_lo, 6000);
    assert_int_equal(e[0].port_hi, 6063);
    assert_int_equal(portreg_by_port(6064, PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_port(5999, PORTREG_ANY, e, 16), 0);
    assert_string_equal(portreg_name(6031, "tcp"), "x11");
    assert_int_equal(portreg_port("x11", NULL), 6000);
}

/* boe-cms 6400 and active-net 3322-3325 have no protocol (good.csv:34,
 * 38): they count for every protocol, and keep PORTREG_NOPROTO. */
static void no_protocol_rows_count_for_every_protocol(void **state)
{
    static const char *const protos[] = {"tcp", "udp", "sctp", "dccp"};
    size_t i;
    (void)state;
    assert_int_equal(portreg_by_name(N("boe-cms"), PORTREG_TCP | PORTREG_UDP,
                                     e, 16), 1);
    assert_int_equal(e[0].proto, PORTREG_NOPROTO);
    assert_int_equal(portreg_by_name(N("boe-cms"), PORTREG_NOPROTO, e, 16), 1);
    assert_int_equal(e[0].port_lo, 6400);
    assert_int_equal(e[0].proto, PORTREG_NOPROTO);
    assert_true(e[0].flags & PORTREG_F_PREFERRED);
    assert_int_equal(portreg_by_name(N("boe-cms"), 0, e, 16), 0);
    for (i = 0; i < 4; i++) {
        assert_int_equal(portreg_by_port(6400, 1u << i, e, 16), 1);
        assert_string_equal(e[0].name, "boe-cms");
        assert_int_equal(e[0].proto, PORTREG_NOPROTO);
        assert_true(e[0].flags & PORTREG_F_PREFERRED);
        assert_int_equal(portreg_port("boe-cms", protos[i]), 6400);
        assert_string_equal(portreg_name(6400, protos[i]), "boe-cms");
        assert_string_equal(portreg_name(3323, protos[i]), "active-net");
        assert_int_equal(portreg_by_port(3325, 1u << i, e, 16), 1);
        assert_int_equal(e[0].port_lo, 3322);
        assert_int_equal(e[0].port_hi, 3325);
    }
    assert_int_equal(portreg_by_port(6400, PORTREG_ANY, e, 16), 1);
    assert_int_equal(portreg_by_port(6400, PORTREG_NOPROTO, e, 16), 1);
    assert_int_equal(portreg_by_port(6400, 0, e, 16), 0);
    assert_int_equal(portreg_port("boe-cms", NULL), 6400);
    assert_int_equal(portreg_port("boe-cms", "xyz"), -1);
    assert_string_equal(portreg_name(6400, NULL), "boe-cms");
    assert_null(portreg_name(6400, "xyz"));
    assert_int_equal(portreg_status(6400, PORTREG_TCP), PORTREG_ASSIGNED);
    assert_string_equal(portreg_name(3323, NULL), "active-net");
    /* 80/tcp is unchanged: no row without a protocol there */
    assert_int_equal(portreg_by_port(80, PORTREG_TCP, NULL, 0), 3);
}

static void by_name_ignores_case_and_keeps_spelling(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_name(N("HTTP"), PORTREG_TCP, e, 16), 1);
    assert_string_equal(e[0].name, "http");
    assert_int_equal(portreg_by_name(N("cailic"), PORTREG_ANY, e, 16), 2);
    assert_string_equal(e[0].name, "CAIlic");
    assert_int_equal(portreg_port("Www-HTTP", "udp"), 80);
    assert_int_equal(portreg_by_name(N("SQL*NET"), PORTREG_ANY, e, 16), 2);
    assert_string_equal(e[0].name, "sql*net");
}

static void name_only_rows_found_by_name_never_by_port(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_name(N("airplay"), PORTREG_ANY, e, 16), 1);
    assert_int_equal(e[0].flags, PORTREG_F_NOPORT);
    assert_int_equal(e[0].port_lo, 0);
    assert_int_equal(e[0].port_hi, 0);
    assert_int_equal(portreg_port("airplay", "tcp"), -1);
    assert_int_equal(portreg_by_name(N("rdp"), PORTREG_ANY, e, 16), 2);
    assert_string_equal(e[0].description, "Reliable Data Protocol");
    assert_string_equal(e[1].description, "Windows Remote Desktop Protocol");
    assert_int_equal(portreg_by_port(0, PORTREG_ANY, e, 16), 0);
    /* ipp: two ported rows, then a name-only one */
    assert_int_equal(portreg_by_name(N("ipp"), PORTREG_TCP, e, 16), 2);
    assert_int_equal(e[0].port_lo, 631);
    assert_int_equal(e[1].flags, PORTREG_F_NOPORT);
    assert_int_equal(portreg_by_port(631, PORTREG_ANY, e, 16), 2);
}

static void legacy_names_are_kept(void **state)
{
    (void)state;
    assert_int_equal(portreg_port("914c/g", "tcp"), 211);
    assert_int_equal(portreg_port("z39.50", "tcp"), 210);
    assert_int_equal(portreg_port("apple remote desktop (net assistant)",
                                  "udp"), 3283);
    assert_string_equal(portreg_name(3283, "tcp"),
                        "Apple Remote Desktop (Net Assistant)");
}

static void long_name_and_len_that_cuts_it_short(void **state)
{
    static const char n53[] =
        "legacy-service-name-stretching-to-fifty-three-bytes-x";
    char longer[PORTREG_MAX_NAME_LEN + 2];
    (void)state;
    assert_int_equal(strlen(n53), 53);
    assert_int_equal(PORTREG_MAX_NAME_LEN, 53);
    assert_int_equal(portreg_by_name(n53, 53, PORTREG_ANY, e, 16), 1);
    assert_int_equal(e[0].port_lo, 7001);
    assert_string_equal(e[0].description,
                        "A name of 53 bytes, with a comma\nand a newline, "
                        "in M\303\274nster");
    assert_int_equal(portreg_by_name(n53, 52, PORTREG_ANY, e, 16), 0);
    /* "https" cut to 4 bytes is "http": len rules, not the NUL */
    assert_int_equal(portreg_by_name("https", 4, PORTREG_TCP, e, 16), 1);
    assert_string_equal(e[0].name, "http");
    memset(longer, 'a', sizeof longer);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(portreg_by_name(longer, sizeof longer - 1, PORTREG_ANY,
                                     e, 16), 0);
    assert_int_equal(portreg_port(longer, NULL), -1);
}

static void negatives_give_no_match(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_name(NULL, 4, PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name("http", 0, PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name(N("htt"), PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name(N("httpx"), PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name("http\0", 5, PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name(N("http"), 0, e, 16), 0);
    assert_int_equal(portreg_by_name(N("h\303\274ttp"), PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_port(65536, PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_port(0xffffffffu, PORTREG_ANY, e, 16), 0);
    assert_null(portreg_name(65536, NULL));
    assert_null(portreg_name(80, "TCP"));
    assert_null(portreg_name(80, "tcpx"));
    assert_null(portreg_name(80, ""));
    /* 6400 has a record with no protocol alone: a bad protocol is still
     * none */
    assert_null(portreg_name(6400, "tx"));
    assert_null(portreg_name(6400, "u"));
    assert_null(portreg_name(6400, "sctpx"));
    assert_null(portreg_name(6400, "x"));
    assert_null(portreg_name(6401, "tcp"));
    assert_int_equal(portreg_by_port(6401, PORTREG_UDP, e, 16), 0);
    assert_int_equal(portreg_port("http", "xyz"), -1);
    assert_int_equal(portreg_port(NULL, "tcp"), -1);
    assert_int_equal(portreg_port("", NULL), -1);
}

static void counts_exceeding_max_are_returned_whole(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_port(80, PORTREG_ANY, e, 1), 7);
    assert_string_equal(e[0].name, "http");
    assert_int_equal(portreg_by_port(80, PORTREG_ANY, NULL, 0), 7);
    assert_int_equal(portreg_by_port(443, PORTREG_TCP, NULL, 0), 1);
    assert_int_equal(portreg_by_port(80, PORTREG_TCP, NULL, 0), 3);
    assert_int_equal(portreg_by_port(443, PORTREG_TCP, e, 0), 1);
    assert_int_equal(portreg_by_name(N("http"), PORTREG_ANY, NULL, 5), 3);
}

static void status_follows_the_policy(void **state)
{
    (void)state;
    assert_int_equal(portreg_status(0, PORTREG_TCP), PORTREG_RESERVED);
    assert_int_equal(portreg_status(2, PORTREG_TCP), PORTREG_RESERVED);
    assert_int_equal(portreg_status(2, PORTREG_UDP), PORTREG_UNASSIGNED);
    assert_int_equal(portreg_status(4, PORTREG_TCP), PORTREG_UNASSIGNED);
    assert_int_equal(portreg_status(24, PORTREG_TCP), PORTREG_UNASSIGNED);
    assert_int_equal(portreg_status(230, PORTREG_SCTP), PORTREG_RESERVED);
    assert_int_equal(portreg_status(80, PORTREG_DCCP), PORTREG_UNASSIGNED);
    assert_int_equal(portreg_status(80, PORTREG_SCTP), PORTREG_ASSIGNED);
    assert_int_equal(portreg_status(4915, PORTREG_UDP), PORTREG_RESERVED);
    assert_int_equal(portreg_status(49151, PORTREG_DCCP), PORTREG_RESERVED);
    assert_int_equal(portreg_status(49152, PORTREG_TCP), PORTREG_DYNAMIC);
    assert_int_equal(portreg_status(50000, PORTREG_UDP), PORTREG_ASSIGNED);
    assert_int_equal(portreg_status(50000, PORTREG_TCP), PORTREG_DYNAMIC);
    assert_int_equal(portreg_status(65535, PORTREG_TCP), PORTREG_RESERVED);
    assert_int_equal(portreg_status(65536, PORTREG_TCP), PORTREG_UNASSIGNED);
    assert_int_equal(portreg_status(80, 0), PORTREG_UNASSIGNED);
}

static void get_walks_every_entry(void **state)
{
    struct portreg_entry x;
    size_t id;
    (void)state;
    assert_int_equal(portreg_count(), 40);
    assert_int_equal(PORTREG_ENTRY_COUNT, 40);
    for (id = 0; id < portreg_count(); id++) {
        size_t n, i, found = 0;
        assert_int_equal(portreg_get(id, &x), 0);
        assert_int_equal(x.id, id);
        n = portreg_by_name(x.name, strlen(x.name), x.proto, e, 16);
        for (i = 0; i < n && i < 16; i++)
            found += e[i].id == id;
        assert_int_equal(found, 1);
    }
    assert_int_equal(portreg_get(portreg_count(), &x), -1);
    assert_int_equal(portreg_get(0, NULL), -1);
    assert_int_equal(portreg_get(0, &x), 0);
    assert_string_equal(x.name, "tcpmux");
    assert_int_equal(portreg_get(39, &x), 0);
    assert_string_equal(x.name, "ipp");
    assert_string_equal(PORTREG_REGISTRY_DATE, "2026-01-05");
}

static void range_and_one_port_row_at_the_same_port(void **state)
{
    (void)state;
    /* ranged 7100-7102/tcp is listed before single 7100/udp */
    assert_int_equal(portreg_by_port(7100, PORTREG_ANY, e, 16), 2);
    assert_string_equal(e[0].name, "ranged");
    assert_int_equal(e[0].port_hi, 7102);
    assert_string_equal(e[1].name, "single");
    assert_string_equal(portreg_name(7100, "udp"), "single");
    assert_string_equal(portreg_name(7100, "tcp"), "ranged");
    assert_string_equal(portreg_name(7101, NULL), "ranged");
    assert_null(portreg_name(7101, "udp"));
    assert_int_equal(portreg_status(7100, PORTREG_UDP), PORTREG_ASSIGNED);
    assert_int_equal(portreg_status(7102, PORTREG_UDP), PORTREG_UNASSIGNED);
}

/* A protocol is exactly "tcp", "udp", "sctp" or "dccp" (or NULL: any);
 * every other string, including one differing in its last byte or longer
 * by one, selects nothing. */
static void protocol_strings_are_matched_whole(void **state)
{
    static const char *const good[] = {"tcp", "udp", "sctp", "dccp"};
    static const char *const bad[] = {
        "", "x", "TCP", "t", "tx", "tcx", "tcpx", "u", "ux", "udx", "udpx",
        "s", "sx", "scx", "sctx", "sctpx", "d", "dx", "dcx", "dccx", "dccpx"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(portreg_port("https", good[i]), i < 3 ? 443 : -1);
        assert_non_null(portreg_name(443, i < 3 ? good[i] : "tcp"));
    }
    assert_null(portreg_name(443, "dccp"));
    assert_int_equal(portreg_port("https", NULL), 443);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(portreg_port("https", bad[i]), -1);
        assert_null(portreg_name(443, bad[i]));
        assert_int_equal(portreg_proto(bad[i]), 0);
    }
    /* the parser every function uses, and its names back */
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(portreg_proto(good[i]), 1u << i);
        assert_string_equal(portreg_proto_name(1u << i), good[i]);
    }
    assert_int_equal(portreg_proto(NULL), PORTREG_ANY);
    assert_null(portreg_proto_name(PORTREG_NOPROTO));
    assert_null(portreg_proto_name(0));
    assert_null(portreg_proto_name(PORTREG_TCP | PORTREG_UDP));
}

/* How many entries are named S (LEN bytes), by a scan of every entry. */
static size_t count_named(const char *s, size_t len)
{
    struct portreg_entry x;
    size_t id, n = 0, i;
    for (id = 0; portreg_get(id, &x) == 0; id++) {
        for (i = 0; i < len; i++) {
            int a = (unsigned char)x.name[i], b = (unsigned char)s[i];
            if (a >= 'A' && a <= 'Z')
                a += 32;
            if (b >= 'A' && b <= 'Z')
                b += 32;
            if (a == 0 || a != b)
                break;
        }
        n += i == len && x.name[len] == '\0';
    }
    return n;
}

/* Every name with a byte appended, with its last byte dropped, and with
 * each byte changed to a neighbour or to upper case, is found exactly as
 * often as a scan of the entries finds it. */
static void near_misses_find_only_real_names(void **state)
{
    struct portreg_entry x;
    char buf[80];
    size_t id, len, i;
    unsigned c;
    (void)state;
    for (id = 0; portreg_get(id, &x) == 0; id++) {
        len = strlen(x.name);
        memcpy(buf, x.name, len);
        for (c = 1; c < 256; c++) {
            buf[len] = (char)c;
            assert_int_equal(portreg_by_name(buf, len + 1, PORTREG_ANY,
                                             NULL, 0),
                             count_named(buf, len + 1));
        }
        assert_int_equal(portreg_by_name(buf, len - 1, PORTREG_ANY, NULL, 0),
                         count_named(buf, len - 1));
        for (i = 0; i < len; i++) {
            char was = buf[i];
            buf[i] = (char)(was + 1);
            assert_int_equal(portreg_by_name(buf, len, PORTREG_ANY, NULL, 0),
                             count_named(buf, len));
            buf[i] = (char)(was >= 'a' && was <= 'z' ? was - 32 : was);
            assert_int_equal(portreg_by_name(buf, len, PORTREG_ANY, NULL, 0),
                             count_named(x.name, len));
            buf[i] = was;
        }
    }
}

/* RFC 6335: http is the preferred name of 80/tcp, www and www-http follow. */
static void preferred_flag_marks_the_first_name_of_a_port(void **state)
{
    (void)state;
    assert_int_equal(portreg_by_port(80, PORTREG_TCP, e, 16), 3);
    assert_true(e[0].flags & PORTREG_F_PREFERRED);
    assert_false(e[1].flags & PORTREG_F_PREFERRED);
    assert_false(e[2].flags & PORTREG_F_PREFERRED);
    assert_int_equal(portreg_by_name(N("www"), PORTREG_ANY, e, 16), 2);
    assert_false(e[0].flags & PORTREG_F_PREFERRED);
    assert_int_equal(portreg_by_name(N("http"), PORTREG_SCTP, e, 16), 1);
    assert_true(e[0].flags & PORTREG_F_PREFERRED);     /* its own record */
    /* single 7100/udp is first for udp although ranged 7100/tcp precedes */
    assert_int_equal(portreg_by_name(N("single"), PORTREG_ANY, e, 16), 1);
    assert_true(e[0].flags & PORTREG_F_PREFERRED);
    assert_int_equal(portreg_by_name(N("airplay"), PORTREG_ANY, e, 16), 1);
    assert_int_equal(e[0].flags, PORTREG_F_NOPORT);
}

static void dns_sd_service_types(void **state)
{
    (void)state;
    /* ipp: 631/tcp, 631/udp and a name-only tcp row */
    assert_int_equal(portreg_by_name(N("_ipp._tcp"), PORTREG_ANY, e, 16), 2);
    assert_int_equal(e[0].port_lo, 631);
    assert_true(e[1].flags & PORTREG_F_NOPORT);
    assert_int_equal(portreg_by_name(N("_IPP._TCP"), PORTREG_ANY, e, 16), 2);
    assert_int_equal(portreg_by_name(N("_ipp._udp"), PORTREG_ANY, e, 16), 1);
    assert_int_equal(e[0].proto, PORTREG_UDP);
    /* _udp: every protocol but TCP */
    assert_int_equal(portreg_by_name(N("_http._udp"), PORTREG_ANY, e, 16), 2);
    assert_int_equal(e[1].proto, PORTREG_SCTP);
    assert_int_equal(portreg_by_name(N("_http._udp"), PORTREG_SCTP, e, 16), 1);
    assert_int_equal(portreg_by_name(N("_airplay._tcp"), PORTREG_ANY, e, 16),
                     1);
    /* rdp: two name-only rows with no protocol, in both (good.csv:48-49) */
    assert_int_equal(portreg_by_name(N("_rdp._tcp"), PORTREG_ANY, e, 16), 2);
    assert_int_equal(e[0].proto, PORTREG_NOPROTO);
    assert_string_equal(e[1].description, "Windows Remote Desktop Protocol");
    assert_int_equal(portreg_by_name(N("_rdp._udp"), PORTREG_ANY, e, 16), 2);
    assert_int_equal(portreg_by_name(N("_rdp._udp"), PORTREG_TCP, e, 16), 0);
    assert_int_equal(portreg_by_name(N("_boe-cms._udp"), PORTREG_ANY, e, 16),
                     1);
    assert_int_equal(portreg_by_name(N("_ipp._sctp"), PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name(N("_ipp.tcp"), PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name(N("_._tcp"), PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name(N("ipp._tcp"), PORTREG_ANY, e, 16), 0);
    assert_int_equal(portreg_by_name(N("_tcp"), PORTREG_ANY, e, 16), 0);
    {   /* one byte off in each place of the suffix */
        static const char *const off[] = {"_ipp,_tcp", "_ipp.-tcp",
                                          "_ipp._tcq", "_ipp._scp",
                                          "_ipp._tdp", "_ipp._ucp",
                                          "xipp._tcp"};
        size_t i;
        for (i = 0; i < sizeof off / sizeof off[0]; i++)
            assert_int_equal(portreg_by_name(N(off[i]), PORTREG_ANY, e, 16), 0);
    }
}

static void valid_names_follow_rfc6335(void **state)
{
    static const char *const good[] = {"http", "x11", "a", "www-http",
                                       "123a", "fifteen-chars-x"};
    static const char *const bad[] = {"sql*net", "-a", "a-", "a--b", "123",
                                      "z39.50", "sixteen-chars-xx", "a b",
                                      "caf\xc3\xa9"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(portreg_valid_name(N(good[i])));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(portreg_valid_name(N(bad[i])));
    assert_false(portreg_valid_name("", 0));
    assert_false(portreg_valid_name(NULL, 3));
}

static void getservbyname_r_and_byport_r(void **state)
{
    struct servent se, *r = &se;
    char buf[256], *odd = buf + 1;  /* results need no alignment from BUF */
    size_t need, n;
    (void)state;
    assert_int_equal(portreg_getservbyname_r("WWW", "tcp", &se, odd, 200, &r),
                     0);
    assert_ptr_equal(r, &se);
    /* 80/tcp's services(5) line: its first name, the others as aliases */
    assert_string_equal(se.s_name, "http");
    assert_string_equal(se.s_proto, "tcp");
    assert_int_equal(se.s_port, (int)htons_(80));
    assert_string_equal(se.s_aliases[0], "www");
    assert_string_equal(se.s_aliases[1], "www-http");
    assert_null(se.s_aliases[2]);
    assert_true((char *)se.s_aliases >= odd && se.s_name < odd + 200);
    /* every buffer smaller than the answer: ERANGE and no result */
    need = (size_t)(se.s_aliases[1] + strlen(se.s_aliases[1]) + 1 - odd);
    for (n = 0; n < need; n++) {
        assert_int_equal(portreg_getservbyname_r("www", "tcp", &se, odd, n, &r),
                         ERANGE);
        assert_null(r);
    }
    assert_int_equal(portreg_getservbyname_r("www", "tcp", &se, odd, need, &r),
                     0);
    assert_non_null(r);
    /* not found, unknown protocol, no protocol or no port: NULL and 0 */
    r = &se;
    assert_int_equal(portreg_getservbyname_r("nosuch", NULL, &se, buf, 256, &r),
                     0);
    assert_null(r);
    assert_int_equal(portreg_getservbyname_r("http", "xyz", &se, buf, 256, &r),
                     0);
    assert_null(r);
    /* a row with no protocol: on the line of each protocol (tcp first) */
    assert_int_equal(portreg_getservbyname_r("boe-cms", NULL, &se, buf, 256,
                                             &r), 0);
    assert_non_null(r);
    assert_string_equal(se.s_proto, "tcp");
    assert_int_equal(se.s_port, (int)htons_(6400));
    assert_int_equal(portreg_getservbyname_r("BOE-CMS", "dccp", &se, buf, 256,
                                             &r), 0);
    assert_non_null(r);
    assert_string_equal(se.s_proto, "dccp");
    assert_int_equal(portreg_getservbyport_r((int)htons_(6400), "udp", &se,
                                             buf, 256, &r), 0);
    assert_non_null(r);
    assert_string_equal(se.s_name, "boe-cms");
    assert_string_equal(se.s_proto, "udp");
    assert_int_equal(portreg_getservbyport_r((int)htons_(3324), "sctp", &se,
                                             buf, 256, &r), 0);
    assert_non_null(r);
    assert_string_equal(se.s_name, "active-net");
    r = &se;
    assert_int_equal(portreg_getservbyname_r("airplay", NULL, &se, buf, 256,
                                             &r), 0);
    assert_null(r);
    /* a name a services(5) line cannot carry has no servent, nor its port */
    assert_int_equal(portreg_getservbyname_r(
                         "Apple Remote Desktop (Net Assistant)", NULL, &se,
                         buf, 256, &r), 0);
    assert_null(r);
    assert_int_equal(portreg_getservbyport_r((int)htons_(3283), "tcp", &se,
                                             buf, 256, &r), 0);
    assert_null(r);
    assert_int_equal(portreg_getservbyname_r(NULL, "tcp", &se, buf, 256, &r),
                     0);
    assert_null(r);
    assert_int_equal(portreg_getservbyname_r("", "tcp", &se, buf, 256, &r), 0);
    assert_null(r);
    assert_int_equal(portreg_getservbyname_r(
                         "legacy-service-name-stretching-to-fifty-three-bytes-xy",
                         NULL, &se, buf, 256, &r), 0);
    assert_null(r);
    assert_int_equal(portreg_getservbyname_r("http", "tcp", &se, NULL, 256, &r),
                     ERANGE);
    assert_null(r);
    assert_int_equal(portreg_getservbyport_r((int)htons_(80), "xyz", &se, buf,
                                             256, &r), 0);
    assert_null(r);
    assert_int_equal(portreg_port(
                         "legacy-service-name-stretching-to-fifty-three-bytes-xy",
                         NULL), -1);
    /* NULL protocol: the name's lowest port, then tcp, udp, sctp, dccp */
    assert_int_equal(portreg_getservbyname_r("https", NULL, &se, buf, 256, &r),
                     0);
    assert_string_equal(r->s_proto, "tcp");
    assert_null(r->s_aliases[0]);
    /* by port, network byte order; in a range */
    assert_int_equal(portreg_getservbyport_r((int)htons_(6010), "udp", &se, buf,
                                             256, &r), 0);
    assert_string_equal(r->s_name, "x11");
    assert_int_equal(portreg_getservbyport_r((int)htons_(80), "sctp", &se, buf,
                                             256, &r), 0);
    assert_string_equal(r->s_name, "http");
    assert_null(r->s_aliases[0]);
    assert_int_equal(portreg_getservbyport_r((int)htons_(4), NULL, &se, buf,
                                             256, &r), 0);
    assert_null(r);
}

/* PROFILE=full (the fixture's build): every column of the row. */
static void record_gives_every_column(void **state)
{
    struct portreg_record r;
    struct portreg_txt_key t;
    (void)state;
    assert_int_equal(portreg_by_name(N("http"), PORTREG_TCP, e, 16), 1);
    assert_int_equal(portreg_record(e[0].id, &r), 0);
    assert_string_equal(r.assignee, "");
    assert_int_equal(r.rfc_count, 0);
    assert_int_equal(r.txt_count, 3);
    assert_int_equal(portreg_txt_key(e[0].id, 0, &t), 0);
    assert_string_equal(t.key, "u");
    assert_string_equal(t.description, "username");
    assert_int_equal(portreg_txt_key(e[0].id, 2, &t), 0);
    assert_string_equal(t.key, "path");
    assert_string_equal(t.description, "path to document");
    assert_int_equal(portreg_txt_key(e[0].id, 3, &t), -1);
    assert_int_equal(portreg_txt_key(e[0].id, (size_t)-1, &t), -1);
    assert_int_equal(portreg_txt_key(e[0].id, 0, NULL), -1);
    assert_int_equal(portreg_txt_key(portreg_count(), 0, &t), -1);
    assert_int_equal(portreg_by_name(N("https"), PORTREG_SCTP, e, 16), 1);
    assert_int_equal(portreg_record(e[0].id, &r), 0);
    assert_string_equal(r.assignee, "[Randall_Stewart]");
    assert_string_equal(r.contact, "[Randall_Stewart]");
    assert_string_equal(r.reference, "[RFC9260]");
    assert_int_equal(r.rfc_count, 1);
    assert_int_equal(r.rfcs[0], 9260);
    assert_int_equal(r.txt_count, 0);
    assert_int_equal(portreg_by_name(N("late-dynamic"), PORTREG_ANY, e, 16), 1);
    assert_int_equal(portreg_record(e[0].id, &r), 0);
    assert_string_equal(r.modification_date, "2026-01-05");
    assert_string_equal(r.registration_date, "");
    assert_int_equal(portreg_by_name(N("_airplay._tcp"), PORTREG_ANY, e, 16), 1);
    assert_int_equal(portreg_record(e[0].id, &r), 0);
    assert_int_equal(r.txt_count, 1);
    assert_int_equal(portreg_txt_key(e[0].id, 0, &t), 0);
    assert_string_equal(t.key, "deviceid");
    assert_string_equal(t.description, "");
    assert_int_equal(portreg_record(portreg_count(), &r), -1);
    assert_int_equal(portreg_record(0, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(by_name_http_has_tcp_udp_sctp_in_registry_order),
        cmocka_unit_test(by_port_80_tcp_lists_http_www_www_http),
        cmocka_unit_test(by_name_msp_has_two_ports),
        cmocka_unit_test(by_port_covers_ranges),
        cmocka_unit_test(no_protocol_rows_count_for_every_protocol),
        cmocka_unit_test(by_name_ignores_case_and_keeps_spelling),
        cmocka_unit_test(name_only_rows_found_by_name_never_by_port),
        cmocka_unit_test(legacy_names_are_kept),
        cmocka_unit_test(long_name_and_len_that_cuts_it_short),
        cmocka_unit_test(negatives_give_no_match),
        cmocka_unit_test(counts_exceeding_max_are_returned_whole),
        cmocka_unit_test(status_follows_the_policy),
        cmocka_unit_test(get_walks_every_entry),
        cmocka_unit_test(range_and_one_port_row_at_the_same_port),
        cmocka_unit_test(protocol_strings_are_matched_whole),
        cmocka_unit_test(near_misses_find_only_real_names),
        cmocka_unit_test(preferred_flag_marks_the_first_name_of_a_port),
        cmocka_unit_test(dns_sd_service_types),
        cmocka_unit_test(valid_names_follow_rfc6335),
        cmocka_unit_test(getservbyname_r_and_byport_r),
        cmocka_unit_test(record_gives_every_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
