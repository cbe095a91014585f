package org.odenet.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odenet.connect.ConnectMlClient.csv;
import static org.odenet.connect.ConnectMlClient.fetch;
import static org.odenet.connect.ConnectMlClient.integer;
import static org.odenet.connect.ConnectMlClient.operator;
import static org.odenet.connect.ConnectMlClient.params;
import static org.odenet.connect.ConnectMlClient.real;
import static org.odenet.connect.ConnectMlClient.ref;
import static org.odenet.connect.ConnectMlClient.sql;
import static org.odenet.connect.ConnectMlClient.string;
import static org.odenet.connect.ConnectMlClient.strings;
import static org.odenet.connect.ConnectMlClient.text;
import static org.odenet.connect.ConnectMlClient.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.MlCommand;
import org.apache.spark.connect.proto.MlCommandResult;
import org.apache.spark.connect.proto.MlOperator;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.connect.proto.ObjectRef;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.WriteOperation;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.odenet.ml.OdeNetClassificationModel;
import org.odenet.spark.SparkTestSession;
import org.sparkproject.connect.grpc.StatusRuntimeException;

/**
 * OdeNetClassifier over Spark Connect: Spark's {@code SparkConnectServer} on 127.0.0.1 with the project's jar on
 * its class path, driven with Connect's ML commands as the Python client sends them — a pipeline of
 * {@code VectorAssembler} and {@code OdeNetClassifier} fitted, applied and evaluated, its model's training summary
 * fetched, the pipeline saved in Spark's {@code PipelineModel} layout and loaded back to the same predictions, bit
 * for bit; the time steps and effective depth read as a DataFrame. Each step's time goes to the console and to
 * {@code timings.txt} in the test's directory {@code target/connect-it-…}, next to the server's log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkConnectIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final int ROWS = 200;
    private static final int LAYERS = 4;
    private static final int ITERATIONS = 30;
    private static final String ASSEMBLER = "org.apache.spark.ml.feature.VectorAssembler";
    private static final String ASSEMBLER_UID = "vecAssembler_connect";
    private static final String ESTIMATOR_UID = "odenet_connect";
    private static final MlParams ASSEMBLER_PARAMS = params(Map.of("inputCols", strings("x", "y"),
            "outputCol", string("features")));

    private static Path work;
    private static LocalConnectServer server;
    private static ConnectMlClient client;
    private static Relation data;
    private static ObjectRef model;
    private static List<List<Object>> predictions;
    private static Path pipelineDir;

    @BeforeAll
    static void startServer() throws Exception {
        work = Files.createTempDirectory(PROJECT.resolve("target"), "connect-it-");
        Path csv = work.resolve("points.csv");
        Random random = new Random(7);
        StringBuilder rows = new StringBuilder("id,x,y,label\n");
        for (int i = 0; i < ROWS; i++) {
            double x = 2 * random.nextDouble() - 1;
            double y = 2 * random.nextDouble() - 1;
            rows.append(i).append(',').append(x).append(',').append(y).append(',').append(x + 0.5 * y > 0 ? 1.0 : 0.0)
                    .append('\n');
        }
        Files.writeString(csv, rows);
        data = csv(csv.toString(), "id INT, x DOUBLE, y DOUBLE, label DOUBLE");
        long t0 = System.nanoTime();
        server = LocalConnectServer.start(PROJECT, work);
        client = new ConnectMlClient(server.port());
        log("server started (port open)", t0);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aPipelineOfVectorAssemblerAndOdeNetClassifierFitsTransformsAndEvaluates() {
        Relation assembled = transform(assembler(ASSEMBLER_UID), ASSEMBLER_PARAMS, data);
        long t0 = System.nanoTime();
        MlCommandResult fitted = client.ml(MlCommand.newBuilder().setFit(MlCommand.Fit.newBuilder()
                .setEstimator(operator("org.odenet.ml.OdeNetClassifier", ESTIMATOR_UID,
                        MlOperator.OperatorType.OPERATOR_TYPE_ESTIMATOR))
                .setParams(params(Map.of("architecture", string("odenet"), "layers", integer(LAYERS),
                        "maxIter", integer(ITERATIONS), "tol", real(0.0))))
                .setDataset(assembled)).build());
        log("fit (first Spark job on the server included)", t0);
        model = ref(fitted.getOperatorInfo().getObjRef().getId());

        t0 = System.nanoTime();
        Relation transformed = transform(model, assembled);
        predictions = sortedById(client.collect(transformed));
        log("transform and collect " + ROWS + " rows", t0);
        assertEquals(ROWS, predictions.size());
        assertEquals(8, predictions.get(0).size(), "id, x, y, label, features, rawPrediction, probability, prediction");

        t0 = System.nanoTime();
        double accuracy = client.ml(MlCommand.newBuilder().setEvaluate(MlCommand.Evaluate.newBuilder()
                .setEvaluator(operator("org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator", "mcEval_connect",
                        MlOperator.OperatorType.OPERATOR_TYPE_EVALUATOR))
                .setParams(params(Map.of("metricName", string("accuracy")))).setDataset(transformed)).build())
                .getParam().getDouble();
        log(String.format(Locale.ROOT, "evaluate: accuracy %.3f", accuracy), t0);
        long correct = predictions.stream().filter(r -> r.get(7).equals(r.get(3))).count();
        assertEquals((double) correct / ROWS, accuracy, 0.0, "the evaluator's accuracy, counted from the rows");
        assertTrue(accuracy > 0.85, "a linearly separable set, " + ITERATIONS + " iterations: " + accuracy);
    }

    @Test
    @Order(2)
    void theTrainingSummaryIsFetchedAndTheModelsOwnAttributesAreRefused() {
        long t0 = System.nanoTime();
        assertEquals(2, client.ml(fetch(model, "numFeatures")).getParam().getInteger());
        assertTrue(client.ml(fetch(model, "toString")).getParam().getString().contains(", non-zero steps="));
        assertTrue(client.ml(fetch(model, "hasSummary")).getParam().getBoolean());
        ObjectRef summary = ref(client.ml(fetch(model, "summary")).getSummary());
        double[] objective = ConnectMlClient.doubles(client.ml(fetch(summary, "objectiveHistory")).getParam());
        int iterations = client.ml(fetch(summary, "totalIterations")).getParam().getInteger();
        log("fetch numFeatures, toString, hasSummary, summary, objectiveHistory, totalIterations", t0);
        assertEquals(ITERATIONS, iterations);
        assertEquals(ITERATIONS + 1, objective.length, "the starting point and one value per iteration");
        for (int k = 1; k < objective.length; k++) {
            assertTrue(objective[k] < objective[k - 1], "Algorithm 2 accepts only descent steps");
        }
        assertArrayEquals(objective, ConnectMlClient.doubles(
                client.ml(fetch(model, "summary", "objectiveHistory")).getParam()), 0.0, "one chained fetch");
        // Spark 4.2.0 allows only its own traits' attributes: the day this fails, README's list can grow
        for (String own : new String[] {"timeSteps", "effectiveDepth"}) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> client.ml(fetch(model, own)));
            assertTrue(String.valueOf(refused.getMessage()).contains("ATTRIBUTE_NOT_ALLOWED"), refused.getMessage());
        }
    }

    @Test
    @Order(3)
    void thePipelineSavedInSparksLayoutLoadsBackToTheSamePredictions() throws Exception {
        pipelineDir = work.resolve("pipeline");
        String assemblerPath = pipelineDir.resolve("stages/0_" + ASSEMBLER_UID).toString();
        String modelPath = pipelineDir.resolve("stages/1_" + ESTIMATOR_UID).toString();
        long t0 = System.nanoTime();
        client.ml(MlCommand.newBuilder().setWrite(MlCommand.Write.newBuilder().setOperator(assembler(ASSEMBLER_UID))
                .setParams(ASSEMBLER_PARAMS).setPath(assemblerPath)).build());
        client.ml(MlCommand.newBuilder().setWrite(MlCommand.Write.newBuilder().setObjRef(model).setPath(modelPath))
                .build());
        String metadata = String.format(Locale.ROOT, "{\"class\":\"org.apache.spark.ml.PipelineModel\",\"timestamp\":%d,"
                + "\"sparkVersion\":\"4.2.0\",\"uid\":\"pipeline_connect\",\"paramMap\":{\"stageUids\":[\"%s\",\"%s\"]},"
                + "\"defaultParamMap\":{}}", System.currentTimeMillis(), ASSEMBLER_UID, ESTIMATOR_UID);
        client.run(Command.newBuilder().setWriteOperation(WriteOperation.newBuilder()
                .setInput(sql("SELECT '" + metadata + "' AS value")).setSource("text")
                .setPath(pipelineDir.resolve("metadata").toString())
                .setMode(WriteOperation.SaveMode.SAVE_MODE_ERROR_IF_EXISTS)).build());
        log("save: both stages (Write commands) and the pipeline's metadata", t0);

        // load as the Python client does: the pipeline's metadata, then each stage by its class
        t0 = System.nanoTime();
        JsonNode pipeline = metadataOf(pipelineDir.toString());
        Relation input = data;
        int i = 0;
        for (JsonNode uid : pipeline.path("paramMap").path("stageUids")) {
            String stage = pipelineDir.resolve("stages/" + i++ + "_" + uid.asText()).toString();
            String cls = metadataOf(stage).path("class").asText();
            boolean isModel = !cls.equals(ASSEMBLER);
            MlCommandResult.MlOperatorInfo read = client.ml(MlCommand.newBuilder().setRead(MlCommand.Read.newBuilder()
                    .setOperator(operator(cls, "", isModel ? MlOperator.OperatorType.OPERATOR_TYPE_MODEL
                            : MlOperator.OperatorType.OPERATOR_TYPE_TRANSFORMER)).setPath(stage)).build())
                    .getOperatorInfo();
            input = isModel ? transform(read.getObjRef(), input) : transform(assembler(read.getUid()),
                    read.getParams(), input);
        }
        log("load: metadata and both stages (Read commands)", t0);
        t0 = System.nanoTime();
        List<List<Object>> reloaded = sortedById(client.collect(input));
        log("transform with the loaded pipeline and collect", t0);
        assertEquals(predictions, reloaded, "every column of every row, bit for bit");
    }

    @Test
    @Order(4)
    void theTimeStepsAndEffectiveDepthReadAsADataFrameAndTheSaveIsASparkPipelineModel() {
        String summary = pipelineDir.resolve("stages/1_" + ESTIMATOR_UID + "/summary").toString();
        long t0 = System.nanoTime();
        List<List<Object>> rows = client.collect(sql("SELECT timeSteps, effectiveDepth FROM json.`" + summary + "`"));
        log("time steps and effective depth as a DataFrame", t0);
        assertEquals(1, rows.size());
        double[] steps = ((List<?>) rows.get(0).get(0)).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        int depth = ((Number) rows.get(0).get(1)).intValue();

        // the same save in this JVM, with classic Spark: a PipelineModel whose model has these steps
        t0 = System.nanoTime();
        SparkTestSession.get();
        PipelineModel local = PipelineModel.load(pipelineDir.toString());
        OdeNetClassificationModel odenet = (OdeNetClassificationModel) local.stages()[1];
        assertEquals(LAYERS, steps.length);
        assertArrayEquals(odenet.timeSteps(), steps, 0.0);
        assertEquals(odenet.effectiveDepth(), depth);
        List<Row> localRows = local.transform(SparkTestSession.get().read().option("header", "true")
                .schema("id INT, x DOUBLE, y DOUBLE, label DOUBLE").csv(work.resolve("points.csv").toString()))
                .select("id", "prediction").orderBy("id").collectAsList();
        log("PipelineModel.load and transform in-process", t0);
        for (int i = 0; i < ROWS; i++) {
            assertEquals(predictions.get(i).get(7), localRows.get(i).getDouble(1), "row " + i + ": local vs Connect");
        }
    }

    private static MlOperator assembler(String uid) {
        return operator(ASSEMBLER, uid, MlOperator.OperatorType.OPERATOR_TYPE_TRANSFORMER);
    }

    /** The Spark ML metadata JSON of the saved stage or pipeline at {@code path}, read over Connect. */
    private static JsonNode metadataOf(String path) throws Exception {
        List<List<Object>> lines = client.collect(text(path + "/metadata"));
        assertEquals(1, lines.size(), "one line of metadata in " + path);
        return new ObjectMapper().readTree(String.valueOf(lines.get(0).get(0)));
    }

    private static List<List<Object>> sortedById(List<List<Object>> rows) {
        List<List<Object>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt(r -> (Integer) r.get(0)));
        return sorted;
    }

    private static void log(String step, long t0) {
        String line = String.format(Locale.ROOT, "SparkConnectIT: %s: %.2f s", step, (System.nanoTime() - t0) / 1e9);
        System.out.println(line);
        try {
            Files.writeString(work.resolve("timings.txt"), line + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
