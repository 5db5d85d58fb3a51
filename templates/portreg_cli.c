/*
 * portreg, the command: looks up service names and ports in the compiled
 * registry (built from out/cli/, the full profile of the library's subset,
 * so that it always has the descriptions and every other column).  One line
 * per entry, tab-separated: NAME PORT/PROTO DESCRIPTION, in registry order
 * ("-" for no port or no protocol); --json prints the same entries as one
 * JSON array.  Exit status: 0 found, 1 nothing matched, 2 a bad argument
 * (one line on stderr).  man/portreg.1 documents it; usage() is its summary.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portreg.h"

#define MAX_NAME 63 /* the generator rejects longer registry names */

static const char *const usage_text =
    "usage: portreg [--full | --json] NAME[/PROTO] | PORT[/PROTO] ...\n"
    "       portreg [--full | --json] --search TEXT\n"
    "       portreg [--json] --status PORT[/PROTO]\n"
    "       portreg --services | --version | --help\n"
    "PROTO is tcp, udp, sctp or dccp.  Prints NAME<TAB>PORT/PROTO<TAB>"
    "DESCRIPTION per entry\n"
    "(--full: and the row's other columns; --json: one JSON array).  "
    "--search: names or\n"
    "descriptions holding TEXT.  Exit 0 found, 1 not found, 2 bad "
    "argument.\n";

/* A servent's s_port (network byte order) in host order. */
static uint16_t ntohs_portable(int s_port)
{
    union { uint16_t v; unsigned char b[2]; } net;
    net.v = (uint16_t)s_port;
    return (uint16_t)(net.b[0] << 8 | net.b[1]);
}

/* A protocol bit's name; "-" for a row with no protocol. */
static const char *proto_name(unsigned bit)
{
    const char *name = portreg_proto_name(bit);
    return name != NULL ? name : "-";
}

/* Prints S with control characters shown as spaces: a line stays a line. */
static void put_text(const char *s)
{
    for (; *s; s++)
        putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

/* Prints S as a JSON string: quotes, backslashes and control characters
 * escaped; other bytes (the registry is UTF-8) as they are. */
static void put_json(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", (int)c);
        else if (c == '\n')
            printf("\\n");
        else if (c == '\t')
            printf("\\t");
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar((int)c);
    }
    putchar('"');
}

static void print_entry(const struct portreg_entry *e)
{
    put_text(e->name);
    if (e->flags & PORTREG_F_NOPORT)
        printf("\t-");
    else if (e->port_lo == e->port_hi)
        printf("\t%u", (unsigned)e->port_lo);
    else
        printf("\t%u-%u", (unsigned)e->port_lo, (unsigned)e->port_hi);
    printf("/%s\t", proto_name(e->proto));
    put_text(e->description);
    putchar('\n');
}

/* The row's other columns, in CSV order: the label --full gives each, its
 * JSON key (gen/constants.py's name) and its field. */
static const struct column {
    const char *label, *key;
    size_t field;
} columns[] = {
    {"assignee", "assignee", offsetof(struct portreg_record, assignee)},
    {"contact", "contact", offsetof(struct portreg_record, contact)},
    {"registered", "registration_date",
     offsetof(struct portreg_record, registration_date)},
    {"modified", "modification_date",
     offsetof(struct portreg_record, modification_date)},
    {"reference", "reference", offsetof(struct portreg_record, reference)},
    {"service code", "service_code",
     offsetof(struct portreg_record, service_code)},
    {"unauthorized use", "unauthorized_use",
     offsetof(struct portreg_record, unauthorized_use)},
    {"notes", "assignment_notes",
     offsetof(struct portreg_record, assignment_notes)}};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

/* Column I's text in record R. */
static const char *column_text(const struct portreg_record *r, size_t i)
{
    const char *const *field = (const char *const *)(const void *)(
        (const char *)r + columns[i].field);
    return *field;
}

/* --full: the row's other columns, indented, those that are not empty. */
static void print_record(const struct portreg_entry *e)
{
    struct portreg_record r;
    struct portreg_txt_key t;
    size_t i;
    if (portreg_record(e->id, &r) != 0)
        return;
    for (i = 0; i < NCOLUMNS; i++)
        if (column_text(&r, i)[0] != '\0') {
            printf("  %s: ", columns[i].label);
            put_text(column_text(&r, i));
            putchar('\n');
        }
    for (i = 0; i < r.rfc_count; i++)
        printf("  rfc: %u\n", (unsigned)r.rfcs[i]);
    for (i = 0; portreg_txt_key(e->id, i, &t) == 0; i++) {
        printf("  txt key: ");
        put_text(t.key);
        if (t.description[0] != '\0') {
            printf(" = ");
            put_text(t.description);
        }
        putchar('\n');
    }
}

/* --json: one entry as an object with every field it has. */
static void json_entry(const struct portreg_entry *e)
{
    static const char *const flag_words[3] = {"noport", "preferred",
                                              "local"};
    struct portreg_record r;
    struct portreg_txt_key t;
    size_t i;
    const char *sep = "";
    printf("{\"id\": %u, \"name\": ", (unsigned)e->id);
    put_json(e->name);
    if (e->flags & PORTREG_F_NOPORT)
        printf(", \"port\": null, \"port_hi\": null");
    else
        printf(", \"port\": %u, \"port_hi\": %u", (unsigned)e->port_lo,
               (unsigned)e->port_hi);
    printf(", \"protocol\": ");
    if (portreg_proto_name(e->proto) != NULL)
        put_json(portreg_proto_name(e->proto));
    else
        printf("null");
    printf(", \"description\": ");
    put_json(e->description);
    printf(", \"flags\": [");
    for (i = 0; i < 3; i++)
        if (e->flags & (1u << i)) {
            printf("%s\"%s\"", sep, flag_words[i]);
            sep = ", ";
        }
    printf("]");
    if (portreg_record(e->id, &r) == 0) {
        for (i = 0; i < NCOLUMNS; i++) {
            printf(", \"%s\": ", columns[i].key);
            put_json(column_text(&r, i));
        }
        printf(", \"rfcs\": [");
        for (i = 0; i < r.rfc_count; i++)
            printf("%s%u", i ? ", " : "", (unsigned)r.rfcs[i]);
        printf("], \"txt_keys\": [");
        for (i = 0; portreg_txt_key(e->id, i, &t) == 0; i++) {
            printf("%s{\"key\": ", i ? ", " : "");
            put_json(t.key);
            printf(", \"description\": ");
            put_json(t.description);
            printf("}");
        }
        printf("]");
    }
    printf("}");
}

static int bad(const char *what, const char *arg)
{
    fprintf(stderr, "portreg: %s (%.40s%s)\n", what, arg,
            strlen(arg) > 40 ? "..." : "");
    return 2;
}

struct query {
    char name[MAX_NAME + 1];
    size_t len;
    long port;          /* -1: a name */
    unsigned protos;
};

/* Parses PORT or NAME with an optional /PROTO.  Returns 0, or 2 after
 * printing why the argument is bad. */
static int parse(const char *arg, struct query *q)
{
    const char *slash = strrchr(arg, '/');
    size_t whole = strlen(arg);
    size_t i;

    q->len = slash ? (size_t)(slash - arg) : whole;
    q->protos = PORTREG_ANY;
    q->port = -1;
    if (slash) {
        unsigned bit = portreg_proto(slash + 1);
        if (bit != 0)
            q->protos = bit;
        else if (whole <= MAX_NAME &&
                 portreg_by_name(arg, whole, PORTREG_ANY, NULL, 0) > 0)
            q->len = whole; /* a legacy name holding '/': 914c/g, cl/1 */
        else if (slash[1] == '\0')
            return bad("missing protocol after '/'", arg);
        else
            return bad("unknown protocol, expected tcp, udp, sctp or dccp",
                       arg);
    }
    if (q->len == 0)
        return bad("missing name or port", arg);
    if (q->len > MAX_NAME)
        return bad("name longer than 63 bytes", arg);
    memcpy(q->name, arg, q->len);
    q->name[q->len] = '\0';
    for (i = 0; i < q->len && q->name[i] >= '0' && q->name[i] <= '9'; i++)
        ;
    if (i == q->len) {
        q->port = 0;
        for (i = 0; i < q->len && q->port <= 65535; i++)
            q->port = q->port * 10 + (q->name[i] - '0');
        if (q->port > 65535)
            return bad("port out of range 0-65535", arg);
    }
    return 0;
}

enum output { TEXT, FULL, JSON };

/* Prints entries one at a time, as the output mode says; counts them. */
struct printer {
    enum output mode;
    size_t printed;
};

static void emit_entry(struct printer *p, const struct portreg_entry *e)
{
    if (p->mode == JSON) {
        printf(p->printed ? ",\n " : "[");
        json_entry(e);
    } else {
        print_entry(e);
        if (p->mode == FULL)
            print_record(e);
    }
    p->printed++;
}

static void finish(const struct printer *p)
{
    if (p->mode == JSON)
        printf(p->printed ? "]\n" : "[]\n");
}

static size_t run(const struct query *q, struct portreg_entry *e, size_t max)
{
    if (q->port >= 0)
        return portreg_by_port((unsigned)q->port, q->protos, e, max);
    return portreg_by_name(q->name, q->len, q->protos, e, max);
}

static int lookup(const struct query *q, struct printer *p)
{
    size_t n = run(q, NULL, 0), i;
    struct portreg_entry *e;
    if (n == 0)
        return 1;
    e = malloc(n * sizeof *e);
    if (e == NULL) {
        fprintf(stderr, "portreg: out of memory\n");
        return 2;
    }
    run(q, e, n);
    for (i = 0; i < n; i++)
        emit_entry(p, &e[i]);
    free(e);
    return 0;
}

/* Whether HAY holds NEEDLE (LEN bytes), ASCII case ignored. */
static int contains(const char *hay, const char *needle, size_t len)
{
    size_t i;
    for (; *hay != '\0'; hay++) {
        for (i = 0; i < len && hay[i] != '\0'; i++) {
            unsigned a = (unsigned char)hay[i], b = (unsigned char)needle[i];
            if (a - 'A' < 26u)
                a += 32u;
            if (b - 'A' < 26u)
                b += 32u;
            if (a != b)
                break;
        }
        if (i == len)
            return 1;
    }
    return 0;
}

/* --search: every entry whose name or description holds TEXT. */
static int search(const char *text, struct printer *p)
{
    size_t id, n = portreg_count(), len = strlen(text);
    if (len == 0)
        return bad("--search needs a text", text);
    for (id = 0; id < n; id++) {
        struct portreg_entry e;
        portreg_get(id, &e);
        if (contains(e.name, text, len) || contains(e.description, text, len))
            emit_entry(p, &e);
    }
    return p->printed ? 0 : 1;
}

static int status(const char *arg, enum output mode)
{
    static const char *const words[] = {"unassigned", "assigned", "reserved",
                                        "dynamic", "unknown"};
    struct query q;
    unsigned bit;
    const char *sep = "[";
    int rc = parse(arg, &q);
    if (rc != 0)
        return rc;
    if (q.port < 0)
        return bad("--status takes PORT or PORT/PROTO", arg);
    for (bit = 1; bit < PORTREG_NOPROTO; bit <<= 1) {  /* each protocol */
        const char *word;
        if (!(q.protos & bit))
            continue;
        word = words[portreg_status((unsigned)q.port, bit)];
        if (mode == JSON) {
            printf("%s{\"port\": %ld, \"protocol\": \"%s\", \"status\": "
                   "\"%s\"}", sep, q.port, proto_name(bit), word);
            sep = ",\n ";
        } else {
            printf("%ld/%s\t%s\n", q.port, proto_name(bit), word);
        }
    }
    if (mode == JSON)
        printf("]\n");
    return 0;
}

/* Tabs from column COL to column TO (a multiple of 8), at least one;
 * returns the column reached. */
static size_t tab_to(size_t col, size_t to)
{
    do {
        putchar('\t');
        col = (col / 8u + 1u) * 8u;
    } while (col < to);
    return col;
}

/* The description of the entry named NAME at PORT for protocol BIT. */
static const char *description_of(const char *name, unsigned port,
                                  unsigned bit)
{
    static struct portreg_entry e[PORTREG_MAX_PORT_ENTRIES];
    size_t n = portreg_by_port(port, bit, e, PORTREG_MAX_PORT_ENTRIES), i;
    for (i = 0; i < n && i < PORTREG_MAX_PORT_ENTRIES; i++)
        if (strcmp(e[i].name, name) == 0)
            return e[i].description;
    return "";
}

/* One services(5) line for the servent SE, laid out as netbase's: the
 * name, a tab to column 16, the port and protocol, a tab to column 32 and
 * the aliases, and the name's description as a comment at column 48 where
 * the line stays within 79 columns. */
static void service_line(const struct servent *se)
{
    unsigned port = (unsigned)ntohs_portable(se->s_port);
    const char *text = description_of(se->s_name, port,
                                      portreg_proto(se->s_proto));
    size_t col, i;
    col = tab_to((size_t)printf("%s", se->s_name), 16u);
    col += (size_t)printf("%u/%s", port, se->s_proto);
    for (i = 0; se->s_aliases[i] != NULL; i++)
        col = i ? col + (size_t)printf(" %s", se->s_aliases[i])
                : tab_to(col, 32u) + (size_t)printf("%s", se->s_aliases[i]);
    if (text[0] != '\0' &&
        (col < 48u ? 48u : (col / 8u + 1u) * 8u) + 2u + strlen(text) <= 79u) {
        tab_to(col, 48u);
        printf("# ");
        put_text(text);
    }
    putchar('\n');
}

/* The whole table as a services(5) file, as Debian's netbase writes one:
 * the servents portreg_getservent_r gives, a line each, in port order. */
static int services(void)
{
    static char buf[PORTREG_SERVENT_BUFSIZE];
    struct portreg_servent_cursor cursor = {0, 0};
    struct servent se, *r;
    printf("# services(5) from IANA's port registry dated %s (portreg)\n",
           PORTREG_REGISTRY_DATE);
    printf("# registry SHA-256 %s\n", PORTREG_REGISTRY_SHA256);
    if (PORTREG_SERVENT_LEFT_OUT > 0)
        printf("# %d entr%s left out: a name with white space, '#' or a "
               "control character\n", PORTREG_SERVENT_LEFT_OUT,
               PORTREG_SERVENT_LEFT_OUT == 1 ? "y" : "ies");
    while (portreg_getservent_r(&cursor, &se, buf, sizeof buf, &r) == 0 &&
           r != NULL)
        service_line(r);
    return 0;
}

/* The queries ARGV[0..ARGC): every one parsed before any is looked up, so
 * that a bad one prints its line and nothing else. */
static int lookups(int argc, char **argv, struct printer *p)
{
    struct query *q = malloc((size_t)argc * sizeof *q);
    int i, rc = 0;
    if (q == NULL) {
        fprintf(stderr, "portreg: out of memory\n");
        return 2;
    }
    for (i = 0; i < argc && rc == 0; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            rc = bad("unknown option", argv[i]);
        else
            rc = parse(argv[i], &q[i]);
    }
    for (i = 0; i < argc && rc != 2; i++) {
        int r = lookup(&q[i], p);
        if (r > rc)
            rc = r;
    }
    if (rc != 2)
        finish(p);
    free(q);
    return rc;
}

static int usage(FILE *f, int rc)
{
    fputs(usage_text, f);
    return rc;
}

int main(int argc, char **argv)
{
    struct printer p = {TEXT, 0};
    int i = 1, rc = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--full") == 0 && p.mode != JSON)
            p.mode = FULL;
        else if (strcmp(argv[i], "--json") == 0)
            p.mode = JSON;
        else
            break;
    }
    if (i >= argc)
        return usage(stderr, 2);
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
        return i + 1 == argc ? usage(stdout, 0) : usage(stderr, 2);
    if (strcmp(argv[i], "--version") == 0) {
        printf("portreg registry %s sha256 %s\n", PORTREG_REGISTRY_DATE,
               PORTREG_REGISTRY_SHA256);
        return 0;
    }
    if (strcmp(argv[i], "--services") == 0)
        return i + 1 == argc && i == 1 ? services() : usage(stderr, 2);
    if (strcmp(argv[i], "--status") == 0)
        return i + 2 == argc && p.mode != FULL ? status(argv[i + 1], p.mode)
                                               : usage(stderr, 2);
    if (p.mode != TEXT && portreg_count() > 0) {
        struct portreg_record r;
        if (portreg_record(0, &r) != 0 && p.mode == FULL) {
            fprintf(stderr, "portreg: --full needs a PROFILE=full build\n");
            return 2;
        }
    }
    if (strcmp(argv[i], "--search") == 0) {
        if (i + 2 != argc)
            return usage(stderr, 2);
        rc = search(argv[i + 1], &p);
        finish(&p);
        return rc;
    }
    return lookups(argc - i, argv + i, &p);
}

