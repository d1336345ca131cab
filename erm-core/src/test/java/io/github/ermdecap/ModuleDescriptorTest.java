// SPDX-License-Identifier: Apache-2.0
package io.github.ermdecap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * erm-core's compiled module descriptor: the module name users put in {@code requires}, every package
 * exported (a new package must be added to module-info.java), and nothing required beyond java.base.
 */
class ModuleDescriptorTest {
    private static Path mainClasses() throws URISyntaxException {
        // The main classes, wherever the build put them: the directory (or jar) holding a main class.
        return Path.of(io.github.ermdecap.erm.ErmDecapsulator.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() throws URISyntaxException {
        ModuleReference ref = ModuleFinder.of(mainClasses()).findAll().stream().findFirst()
                .orElseThrow(() -> new AssertionError("no module in " + uncheckedMainClasses()));
        return ref.descriptor();
    }

    private static Path uncheckedMainClasses() {
        try {
            return mainClasses();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void isTheNamedModuleWithNoDependencies() throws URISyntaxException {
        ModuleDescriptor d = descriptor();
        assertEquals("io.github.ermdecap.core", d.name());
        assertTrue(!d.isAutomatic() && !d.isOpen(), "an explicit, closed module");
        Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("java.base"), requires, "erm-core has no runtime dependencies");
    }

    @Test
    void exportsEveryPackage() throws URISyntaxException, IOException {
        Path root = mainClasses();
        Set<String> withClasses;
        try (Stream<Path> files = Files.walk(root)) {
            withClasses = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.class"))
                    .map(f -> root.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> exported = descriptor().exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(withClasses.contains("io.github.ermdecap.erm"), "found the classes: " + withClasses);
        assertEquals(withClasses, exported, "module-info.java exports every package of erm-core");
        assertEquals(withClasses, new TreeSet<>(descriptor().packages()));
    }
}
