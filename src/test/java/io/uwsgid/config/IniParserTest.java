package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniParserTest {

    @TempDir
    Path dir;
    Sites sites;

    @BeforeEach
    void setUp() {
        sites = new Sites(dir);
    }

    @Nested
    class Lines {
        @Test
        void repeatedKeysAreKeptInOrder() throws ConfigException {
            assertEquals("a = 1\nb = 2\na = 3\n", sites.show("[uwsgi]\na = 1\nb = 2\na = 3\n"));
        }

        @Test
        void valueSplitsAtTheFirstEqualsSign() throws ConfigException {
            assertEquals("env = A=B=C\n", sites.show("[uwsgi]\nenv = A=B=C\n"));
        }

        @Test
        void blanksTabsAndCarriageReturnsAreTrimmedButOtherWhitespaceIsNot() throws ConfigException {
            assertEquals("my key = a b\n\u000bvt = 1\n", sites.show("[uwsgi]\r\n \t my key \t= \ta b \t\r\n\u000bvt = 1\n"));
        }

        @Test
        void lineWithoutEqualsIsAnOptionWithEmptyValue() throws ConfigException {
            assertEquals("master = \n = value\n", sites.show("[uwsgi]\nmaster\n= value\n"));
        }

        @Test
        void onlyALeadingSemicolonOrHashStartsAComment() throws ConfigException {
            assertEquals("socket = :80 ; web\n", sites.show("[uwsgi]\n ; c\n\t# c\nsocket = :80 ; web\n"));
        }

        @Test
        void aNulByteHidesTheRestOfItsLine() throws ConfigException {
            sites.write("site.ini", "[uwsgi]\na = b\0c\nd = e\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertEquals("a = b\nd = e\n", IniParser.showConfig(sites.parse("site.ini")));
        }

        @Test
        void optionsRememberFileAndLine() throws ConfigException {
            sites.write("site.ini", "[uwsgi]\n\nmodule = app\n");
            Option o = sites.parse("site.ini").get(0);
            assertEquals(3, o.line());
            assertEquals("module = app (" + o.file() + ":3)", o.toString());
        }
    }

    @Nested
    class Sections {
        @Test
        void onlyTheRequestedSectionIsRead() throws ConfigException {
            assertEquals("a = 1\nc = 3\n", sites.show("[uwsgi]\na = 1\n[dev]\nb = 2\n[uwsgi]\nc = 3\n"));
        }

        @Test
        void headerWithTrailingCommentHidesTheSectionAndWarnsWithFileAndLine() throws ConfigException {
            assertEquals("", sites.show("\n[uwsgi] ; Daemon Permission\nuid = nginx\n"));
            Finding f = sites.ctx.warnings().get(0);
            assertEquals(2, f.line());
            assertTrue(f.toString().contains("site.ini:2: warning: section header '[uwsgi] ; Daemon Permission'"), f.toString());
        }

        @Test
        void theLastCharacterOfAHeaderIsDroppedWhateverItIs() throws ConfigException {
            assertEquals("x = 1\n", sites.show("[uwsgix\nx = 1\n"));
        }

        @Test
        void aByteOrderMarkHidesTheFirstHeader() throws ConfigException {
            assertEquals("", sites.show("\ufeff[uwsgi]\na = 1\n"));
            assertTrue(sites.ctx.warnings().get(0).message().contains("byte order mark"));
        }

        @Test
        void otherSectionsCanBeAskedFor() throws ConfigException {
            sites.write("site.ini", "[uwsgi]\na = 1\n[dev]\nb = %x\n");
            assertEquals("b = dev\n", IniParser.showConfig(IniParser.parse(Path.of("site.ini"), "dev", sites.ctx)));
        }

        @Test
        void aFileWithoutTheSectionWarns() throws ConfigException {
            assertEquals("", sites.show("[app]\na = 1\n"));
            assertTrue(sites.ctx.warnings().get(0).message().contains("no options in section [uwsgi]"));
        }
    }

    @Nested
    class MagicVariables {
        @Test
        void fileVariablesDescribeTheRealPath() throws ConfigException {
            String d = dir.toAbsolutePath().toString();
            String out = sites.show("[uwsgi]\nn = %n\ns = %s\ne = %e\nd = %d\nc = %c\n");
            assertEquals("n = site\ns = site.ini\ne = ini\nd = " + d + "/\nc = " + dir.getFileName() + "\n", out);
        }

        @Test
        void hostVariablesComeFromTheContext() throws ConfigException {
            assertEquals("h = web1 4 33 www-data 2.0.21-debian 1700000000 1700000000123456\n",
                    sites.show("[uwsgi]\nh = %h %k %u %U %V %t %T\n"));
        }

        @Test
        void doublePercentIsAPercentAndUnknownLettersVanish() throws ConfigException {
            assertEquals("p = 100% ab %(x)\n", sites.show("[uwsgi]\np = 100%% a%qb %%(x)\n"));
        }

        @Test
        void percentAtEndOfLineGluesTheNextLine() throws ConfigException {
            assertEquals("a = 50b = 2\n", sites.show("[uwsgi]\na = 50%\nb = 2\n"));
        }

        @Test
        void hashMatchesUwsgi() {
            assertEquals("C152CB18", MagicTable.hashHex("/tmp/t/sub/dir/m.ini"));
        }
    }

    @Nested
    class Expansion {
        @Test
        void environmentVariablesExpandAndUnknownOnesStay() throws ConfigException {
            assertEquals("a = /home/app/x $(NOPE) []\n", sites.show("[uwsgi]\na = $(HOME)/x $(NOPE) [$(EMPTY)]\n"));
        }

        @Test
        void placeholdersUseTheFirstValueEvenWhenDefinedLater() throws ConfigException {
            assertEquals("a = one\nb = one\nb = two\n", sites.show("[uwsgi]\na = %(b)\nb = one\nb = two\n"));
        }

        @Test
        void placeholderArithmeticUses64BitIntegers() throws ConfigException {
            assertEquals("n = 6\nm = 0\nc = 33\n", sites.show("[uwsgi]\nn = %(c / 5 + 0)\nm = %(c / 0)\nc = 33\n"));
        }

        @Test
        void setPlaceholderValuesAreNeverExpanded() throws ConfigException {
            assertEquals("set-ph = r=$(FOO)\nr = $(FOO)\nx = $(FOO)\n", sites.show("[uwsgi]\nset-ph = r=$(FOO)\nx = %(r)\n"));
        }

        @Test
        void atFileReadsTheFileWithoutItsLastNewline() throws ConfigException {
            sites.write("secret.txt", "s3cret\n");
            assertEquals("k = s3cret\n", sites.show("[uwsgi]\nk = @(secret.txt)\n"));
        }

        @Test
        void aSelfFeedingPlaceholderIsRejectedInsteadOfLooping() {
            ConfigException e = sites.failure("[uwsgi]\na = x%(a)\n");
            assertEquals(2, e.line());
            assertTrue(e.getMessage().contains("never stops expanding"), e.getMessage());
        }

        @Test
        void aPlaceholderThatRefersToItselfWithoutGrowingIsRejectedInsteadOfHanging() {
            assertEquals(3, sites.failure("[uwsgi]\nb = %(b)\na = y%(b)\n").line());
        }
    }

    @Nested
    class Includes {
        @Test
        void relativeIncludesResolveAgainstTheWorkingDirectoryAndWarn() throws ConfigException {
            sites.write("conf/child.ini", "[uwsgi]\nchild = %n\n");
            sites.write("conf/site.ini", "[uwsgi]\nini = conf/child.ini\n");
            assertEquals("ini = conf/child.ini\nchild = child\n", IniParser.showConfig(sites.parse("conf/site.ini")));
            assertTrue(sites.ctx.warnings().get(0).message().contains("relative include"));
        }

        @Test
        void fileColonSectionAndBareColonSectionWork() throws ConfigException {
            sites.write("b.ini", "[uwsgi]\n[x]\nbx = 1\n[y]\nby = 1\n");
            assertEquals("ini = b.ini:x\nbx = 1\nini = :y\nby = 1\n", sites.show("[uwsgi]\nini = b.ini:x\nini = :y\n"));
        }

        @Test
        void includeCycleNamesTheChainFileAndLine() {
            sites.write("b.ini", "[uwsgi]\n\nini = a.ini\n");
            sites.write("a.ini", "[uwsgi]\nini = b.ini\n");
            ConfigException e = assertThrowsConfig("a.ini");
            assertEquals(dir.resolve("b.ini"), e.file());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().endsWith(
                    "b.ini:3: include cycle: a.ini -> b.ini -> a.ini (uWSGI would recurse until it crashes);"
                            + " fix: remove one of the ini = lines that form the cycle"), e.getMessage());
        }

        @Test
        void missingIncludeIsAnErrorOnItsLine() {
            ConfigException e = sites.failure("[uwsgi]\nini = nowhere.ini\n");
            assertEquals(2, e.line());
            assertTrue(e.fix().contains("absolute path"));
        }

        @Test
        void tooDeepIncludesAreRejected() {
            for (int i = 0; i < 10; i++) {
                sites.write("d" + i + ".ini", "[uwsgi]\nini = d" + (i + 1) + ".ini\n");
            }
            sites.write("d10.ini", "[uwsgi]\nleaf = 1\n");
            sites.ctx = sites.ctx.withLimits(new Limits(5, 1 << 20, 1 << 16, 1 << 20, 1000));
            assertTrue(assertThrowsConfig("d0.ini").getMessage().contains("nested deeper than 5"));
        }

        @Test
        void inheritedOptionsComeLastAndStayUnexpanded() throws ConfigException {
            sites.write("base.ini", "[uwsgi]\nb = $(FOO)\n");
            assertEquals("inherit = base.ini\na = foo\nb = $(FOO)\n", sites.show("[uwsgi]\ninherit = base.ini\na = $(FOO)\n"));
        }

        private ConfigException assertThrowsConfig(String name) {
            try {
                sites.parse(name);
            } catch (ConfigException e) {
                return e;
            }
            throw new AssertionError("no ConfigException");
        }
    }

    @Nested
    class Logic {
        @Test
        void ifEnvKeepsTheBlockOnlyWhenTheVariableMatches() throws ConfigException {
            assertEquals("if-env = FOO=foo\na = foo\nendif = \nif-env = FOO=x\nendif = \n",
                    sites.show("[uwsgi]\nif-env = FOO=foo\na = %(_)\nendif =\nif-env = FOO=x\nb = 1\nendif\n"));
        }

        @Test
        void forRepeatsTheNextOptionsPerItem() throws ConfigException {
            assertEquals("for = a b\nx = a\nx = b\nendfor = \nfor-times = 2\ny = 1\ny = 2\nendfor = \n",
                    sites.show("[uwsgi]\nfor = a b\nx = %(_)\nendfor\nfor-times = 2\ny = %(_)\nendfor\n"));
        }

        @Test
        void aBlockOpenedInsideATrueBlockIsRejected() {
            assertEquals(3, sites.failure("[uwsgi]\nif-env = FOO\nif-env = HOME\nendif\n").line());
        }

        @Test
        void ifExistsResolvesAgainstTheWorkingDirectory() throws ConfigException {
            sites.write("flag", "");
            assertEquals("if-exists = flag\non = flag\nendif = \n", sites.show("[uwsgi]\nif-exists = flag\non = %(_)\nendif\n"));
        }

        @Test
        void hugeForTimesIsRejectedInsteadOfExhaustingMemory() {
            assertEquals(3, sites.failure("[uwsgi]\nfor-times = 2000000000\nx = 1\n").line());
        }

        @Test
        void ifReloadFollowsTheHostFacts() throws ConfigException {
            assertEquals("if-reload = \nendif = \n", sites.show("[uwsgi]\nif-reload =\nx = 1\nendif\n"));
            sites.ctx = sites.ctx.withHost(Sites.HOST.withReload(true));
            assertEquals("if-reload = \nx = 1\nendif = \n", sites.show("[uwsgi]\nif-reload =\nx = 1\nendif\n"));
        }
    }

    @Nested
    class Api {
        @Test
        void booleanSpellingsFollowUwsgi() {
            for (String yes : List.of("true", "1", "yes", "on", "", "TRUE", "anything")) {
                assertTrue(new Option("master", yes, Path.of("x"), 1).isTrue(), yes);
            }
            for (String no : List.of("false", "FALSE", "off", "No", "0")) {
                assertFalse(new Option("master", no, Path.of("x"), 1).isTrue(), no);
            }
        }

        @Test
        void twoArgumentParseReadsTheNamedSection() throws ConfigException {
            Path file = sites.write("daemon.ini", "[uwsgi]\na = 1\n[uwsgid]\nsites = /etc/sites\n");
            assertEquals("sites = /etc/sites\n", IniParser.showConfig(IniParser.parse(file, "uwsgid")));
        }

        @Test
        void missingTopLevelFileIsAConfigException() {
            sites.ctx = sites.ctx.withEnv(Map.of());
            try {
                sites.parse("absent.ini");
                throw new AssertionError("no exception");
            } catch (ConfigException e) {
                assertEquals(0, e.line());
                assertTrue(e.getMessage().startsWith("absent.ini: "), e.getMessage());
            }
        }

        @Test
        void overlongLinesAreRejectedWithTheirLineNumber() {
            sites.ctx = sites.ctx.withLimits(new Limits(8, 1 << 20, 100, 1 << 20, 1000));
            ConfigException e = sites.failure("[uwsgi]\nok = 1\nlong = " + "x".repeat(200) + "\n");
            assertEquals(3, e.line());
            assertTrue(e.getMessage().contains("over the limit of 100"), e.getMessage());
        }
    }
}
