/*
 * Frama-C Eva's harness: every public function of the library (portreg.c
 * and portreg_servent.c, PORTREG_FAST=0) called once with inputs that
 * stand for all of them: any bytes of any length up to the longest name
 * plus one, with and without a NUL; any port, any protocol mask, any
 * entry id and key index; out NULL or an array with any max up to its
 * size; any buffer size and alignment for the servent functions; NULL
 * where the API allows it.  tests/proof/README.md says what Eva proves
 * from it.
 */
#include "__fc_builtin.h"
#include "portreg.h"

#define QUERY (PORTREG_MAX_NAME_LEN + 1)    /* the longest name and one */
#define OUT 8
#define BUF 1200                            /* beyond PORTREG_SERVENT_BUFSIZE */

static char query[QUERY + 1];               /* and a NUL after it */
static char proto_text[6];                  /* "dccp", "tcp\0x", junk */
static struct portreg_entry out[OUT];
static char buf[BUF];

/* Any bytes in S[0..N), with a NUL at S[N]. */
static void any_string(char *s, size_t n)
{
    Frama_C_make_unknown(s, n);
    s[n] = '\0';
}

/* NULL, or any short string: what a PROTO argument can be. */
static const char *any_proto(void)
{
    any_string(proto_text, sizeof proto_text - 1u);
    return Frama_C_interval(0, 1) ? proto_text : NULL;
}

static void lookups(void)
{
    size_t len = Frama_C_size_t_interval(0, QUERY);
    size_t max = Frama_C_size_t_interval(0, OUT);
    size_t any = Frama_C_size_t_interval(0, (size_t)-1);
    unsigned protos = Frama_C_unsigned_int_interval(0, ~0u);
    unsigned port = Frama_C_unsigned_int_interval(0, ~0u);
    const char *name;
    any_string(query, QUERY);
    name = Frama_C_interval(0, 1) ? query : NULL;
    /* OUT an array of MAX entries, or NULL with any MAX */
    (void)portreg_by_name(name, len, protos, out, max);
    (void)portreg_by_name(name, len, protos, NULL, any);
    (void)portreg_by_port(port, protos, out, max);
    (void)portreg_by_port(port, protos, NULL, any);
    (void)portreg_valid_name(name, len);
    (void)portreg_port(name, any_proto());
    (void)portreg_name(port, any_proto());
    (void)portreg_status(port, protos);
    (void)portreg_proto(any_proto());
    (void)portreg_proto_name(protos);
}

static void rows(void)
{
    size_t id = Frama_C_size_t_interval(0, (size_t)-1);
    size_t i = Frama_C_size_t_interval(0, (size_t)-1);
    struct portreg_entry e;
    struct portreg_record r;
    struct portreg_txt_key k;
    int with = Frama_C_interval(0, 1);
    (void)portreg_count();
    (void)portreg_get(id, with ? &e : NULL);
    (void)portreg_record(id, with ? &r : NULL);
    (void)portreg_txt_key(id, i, with ? &k : NULL);
}

static void servents(void)
{
    size_t at = Frama_C_size_t_interval(0, 15);
    size_t size = Frama_C_size_t_interval(0, BUF - 16);
    int port = Frama_C_interval(-2147483647 - 1, 2147483647);
    struct servent se, *result;
    struct portreg_servent_cursor c;
    char *b = Frama_C_interval(0, 1) ? buf + at : NULL;
    struct servent *rb = Frama_C_interval(0, 1) ? &se : NULL;
    struct servent **res = Frama_C_interval(0, 1) ? &result : NULL;
    any_string(query, QUERY);
    (void)portreg_getservbyname_r(Frama_C_interval(0, 1) ? query : NULL,
                                  any_proto(), rb, b, size, res);
    (void)portreg_getservbyport_r(port, any_proto(), rb, b, size, res);
    c.entry = Frama_C_size_t_interval(0, 70000);
    c.port = Frama_C_unsigned_int_interval(0, ~0u);
    (void)portreg_getservent_r(Frama_C_interval(0, 1) ? &c : NULL, rb, b,
                               size, res);
}

int main(void)
{
    lookups();
    rows();
    servents();
    return 0;
}
