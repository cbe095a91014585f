package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-data-set keys on the command line: any name in datasets is accepted, typos are refused. */
class DataSetKeysTest {
    private static final List<String> EXPERIMENT_JOBS = List.of("smoke", "architectures", "tableaux", "mnist",
            "robustness", "augmentation");

    private static JobSettings load(String job, String... overrides) {
        return JobSettings.load(Path.of("jobs", job + ".properties"), List.of(overrides));
    }

    @Test
    void everyExperimentJobAcceptsEveryKeyOfANewDataSetName() {
        for (String job : EXPERIMENT_JOBS) {
            JobSettings s = load(job, "datasets=mine", "data.mine.train=/d/train.libsvm", "data.mine.test=/d/test.libsvm",
                    "data.mine.numFeatures=3", "data.mine.range=0,1", "data.mine.description=my data",
                    "iterations.mine=7", "testInterval.mine=2", "blockSize.mine=16", "initialization.mine=scaled");
            assertEquals(List.of("mine"), s.getList("datasets"), job);
            assertEquals("/d/train.libsvm", s.get("data.mine.train"), job);
            assertEquals(3, s.getInt("data.mine.numFeatures"), job);
            assertEquals(7, s.getInt("iterations.mine"), job);
            assertEquals("scaled", s.get("initialization.mine"), job);
        }
        // the order of the arguments does not matter: datasets is read after every override
        assertEquals("p", load("tableaux", "data.a-1.train=p", "datasets=spiral,a-1").get("data.a-1.train"));
    }

    @Test
    void aKeyForANameNotInDatasetsIsRefusedNamingTheKeyAndTheDataSets() {
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> load("mnist", "datasets=mine", "data.mnie.train=/d/train.libsvm"));
        assertTrue(typo.getMessage().contains("key 'data.mnie.train'") && typo.getMessage().contains("datasets (mine)"),
                typo.getMessage());
        IllegalArgumentException iterations = assertThrows(IllegalArgumentException.class,
                () -> load("architectures", "datasets=mine", "iterations.mnie=5"));
        assertTrue(iterations.getMessage().contains("key 'iterations.mnie'")
                && iterations.getMessage().contains("{iterations,testInterval,blockSize,initialization}.<name>"),
                iterations.getMessage());
        IllegalArgumentException notRun = assertThrows(IllegalArgumentException.class,
                () -> load("smoke", "data.donut1d.train=/d/train.libsvm"));
        assertTrue(notRun.getMessage().contains("'donut1d', which is not in datasets (spiral)"), notRun.getMessage());
    }

    @Test
    void anUnknownSuffixIsRefusedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load("architectures", "datasets=mine", "data.mine.trian=/d/train.libsvm"));
        assertTrue(e.getMessage().contains("unknown key 'data.mine.trian'")
                && e.getMessage().contains("data.<name>.{train,test,numFeatures,range,description}"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("mnist", "iteratoins.mnist100=5"));
        assertThrows(IllegalArgumentException.class, () -> load("mnist", "data.mnist100.train.x=5"));
    }

    @Test
    void aDataSetNameMustBeOneKeySegment() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load("mnist", "datasets=my.data"));
        assertTrue(e.getMessage().contains("data set name 'my.data'"), e.getMessage());
    }

    @Test
    void otherJobsKeepTheirOwnKeys() {
        // compare reads train, test and numFeatures per data set; generate-data none
        assertEquals("x", JobSettings.load(Path.of("jobs/compare.properties"), List.of("datasets=mine",
                "data.mine.train=x", "data.mine.test=y")).get("data.mine.train"));
        assertThrows(IllegalArgumentException.class, () -> JobSettings.load(Path.of("jobs/compare.properties"),
                List.of("datasets=mine", "data.mine.range=0,1")));
        assertThrows(IllegalArgumentException.class, () -> JobSettings.load(Path.of("jobs/generate-data.properties"),
                List.of("datasets=spiral", "data.spiral.train=x")));
    }

    @Test
    void aConfigurationFileMayAddADataSetButNotMisspellOne(@TempDir Path tmp) throws IOException {
        Path reference = Path.of("jobs/mnist.properties");
        Path mine = tmp.resolve("mine.properties");
        Files.writeString(mine, "datasets = mine\ndata.mine.train = a\ndata.mine.test = b\niterations.mine = 4\n");
        JobSettings s = JobSettings.load(mine, List.of(), reference);
        assertEquals(4, s.getInt("iterations.mine"));
        Files.writeString(mine, "datasets = mine\ndata.mnie.train = a\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobSettings.load(mine, List.of(), reference));
        assertTrue(e.getMessage().contains("key 'data.mnie.train' in " + mine), e.getMessage());
    }

    @Test
    void theDocumentedDescriptionIsUsedOnlyForTheDocumentedFiles() {
        String documented = DataSetSummary.description("mnist100", load("mnist"));
        assertTrue(documented.contains("zeros"), documented);
        assertEquals("", DataSetSummary.description("mnist100", load("mnist", "data.mnist100.train=/other.libsvm")),
                "other files under the same name: no claim about zeros and eights");
        assertEquals("threes", DataSetSummary.description("mnist100", load("mnist", "data.mnist100.train=/other.libsvm",
                "data.mnist100.description=threes")), "a description given with the files is theirs");
        assertEquals("", DataSetSummary.description("spiral", load("smoke")));
    }
}
