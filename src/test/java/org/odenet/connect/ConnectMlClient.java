package org.odenet.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.spark.connect.proto.Command;
import org.apache.spark.connect.proto.DataType;
import org.apache.spark.connect.proto.ExecutePlanRequest;
import org.apache.spark.connect.proto.ExecutePlanResponse;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.Fetch;
import org.apache.spark.connect.proto.MlCommand;
import org.apache.spark.connect.proto.MlCommandResult;
import org.apache.spark.connect.proto.MlOperator;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.connect.proto.MlRelation;
import org.apache.spark.connect.proto.ObjectRef;
import org.apache.spark.connect.proto.Plan;
import org.apache.spark.connect.proto.Read;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.connect.proto.SQL;
import org.apache.spark.connect.proto.SparkConnectServiceGrpc;
import org.apache.spark.connect.proto.UserContext;
import org.sparkproject.connect.grpc.ManagedChannel;
import org.sparkproject.connect.grpc.ManagedChannelBuilder;

/**
 * A Spark Connect client made of the generated protocol classes and gRPC stubs that come with Spark's Connect
 * server jar: one session, plans executed synchronously, results decoded from Arrow. It speaks what the
 * Python client sends for {@code pyspark.ml} over Connect: {@link MlCommand}s and {@link MlRelation}s.
 */
final class ConnectMlClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final SparkConnectServiceGrpc.SparkConnectServiceBlockingStub stub;
    private final String sessionId = UUID.randomUUID().toString();
    private final UserContext user = UserContext.newBuilder().setUserId("odenet-it").build();

    ConnectMlClient(int port) {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(128 << 20).build();
        stub = SparkConnectServiceGrpc.newBlockingStub(channel);
    }

    /** Runs a command; returns the result of an ML command (the default instance for other commands). */
    MlCommandResult run(Command command) {
        MlCommandResult result = MlCommandResult.getDefaultInstance();
        for (ExecutePlanResponse r : execute(Plan.newBuilder().setCommand(command).build())) {
            if (r.hasMlCommandResult()) {
                result = r.getMlCommandResult();
            }
        }
        return result;
    }

    MlCommandResult ml(MlCommand command) {
        return run(Command.newBuilder().setMlCommand(command).build());
    }

    /** Every row of {@code relation}, each as its column values in order (Arrow's Java values). */
    List<List<Object>> collect(Relation relation) {
        List<List<Object>> rows = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator()) {
            for (ExecutePlanResponse r : execute(Plan.newBuilder().setRoot(relation).build())) {
                if (!r.hasArrowBatch()) {
                    continue;
                }
                try (ArrowStreamReader reader = new ArrowStreamReader(r.getArrowBatch().getData().newInput(),
                        allocator)) {
                    VectorSchemaRoot root = reader.getVectorSchemaRoot();
                    while (reader.loadNextBatch()) {
                        for (int i = 0; i < root.getRowCount(); i++) {
                            List<Object> row = new ArrayList<>();
                            for (FieldVector v : root.getFieldVectors()) {
                                row.add(v.getObject(i));
                            }
                            rows.add(row);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot decode an Arrow batch", e);
                }
            }
        }
        return rows;
    }

    private List<ExecutePlanResponse> execute(Plan plan) {
        ExecutePlanRequest request = ExecutePlanRequest.newBuilder().setSessionId(sessionId).setUserContext(user)
                .setClientType("odenet-spark SparkConnectIT").setPlan(plan).build();
        List<ExecutePlanResponse> responses = new ArrayList<>();
        Iterator<ExecutePlanResponse> it = stub.withDeadlineAfter(10, TimeUnit.MINUTES).executePlan(request);
        it.forEachRemaining(responses::add);
        return responses;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    // ---- plans ----

    static Relation csv(String path, String schema) {
        return Relation.newBuilder().setRead(Read.newBuilder().setDataSource(Read.DataSource.newBuilder()
                .setFormat("csv").setSchema(schema).putOptions("header", "true").addPaths(path))).build();
    }

    static Relation text(String path) {
        return Relation.newBuilder().setRead(Read.newBuilder().setDataSource(Read.DataSource.newBuilder()
                .setFormat("text").addPaths(path))).build();
    }

    static Relation json(String path) {
        return Relation.newBuilder().setRead(Read.newBuilder().setDataSource(Read.DataSource.newBuilder()
                .setFormat("json").addPaths(path))).build();
    }

    static Relation sql(String query) {
        return Relation.newBuilder().setSql(SQL.newBuilder().setQuery(query)).build();
    }

    static MlOperator operator(String className, String uid, MlOperator.OperatorType type) {
        return MlOperator.newBuilder().setName(className).setUid(uid).setType(type).build();
    }

    static ObjectRef ref(String id) {
        return ObjectRef.newBuilder().setId(id).build();
    }

    /** {@code transformer.transform(input)}, a transformer made on the server from its class and params. */
    static Relation transform(MlOperator transformer, MlParams params, Relation input) {
        return Relation.newBuilder().setMlRelation(MlRelation.newBuilder().setTransform(MlRelation.Transform
                .newBuilder().setTransformer(transformer).setParams(params).setInput(input))).build();
    }

    /** {@code model.transform(input)}, the model one the server holds. */
    static Relation transform(ObjectRef model, Relation input) {
        return Relation.newBuilder().setMlRelation(MlRelation.newBuilder().setTransform(MlRelation.Transform
                .newBuilder().setObjRef(model).setParams(MlParams.getDefaultInstance()).setInput(input))).build();
    }

    static MlCommand fetch(ObjectRef object, String... methods) {
        Fetch.Builder f = Fetch.newBuilder().setObjRef(object);
        for (String m : methods) {
            f.addMethods(Fetch.Method.newBuilder().setMethod(m));
        }
        return MlCommand.newBuilder().setFetch(f).build();
    }

    // ---- literals ----

    static MlParams params(Map<String, Expression.Literal> values) {
        return MlParams.newBuilder().putAllParams(values).build();
    }

    static Expression.Literal string(String s) {
        return Expression.Literal.newBuilder().setString(s).build();
    }

    static Expression.Literal integer(int i) {
        return Expression.Literal.newBuilder().setInteger(i).build();
    }

    static Expression.Literal real(double d) {
        return Expression.Literal.newBuilder().setDouble(d).build();
    }

    static Expression.Literal strings(String... values) {
        DataType string = DataType.newBuilder().setString(DataType.String.getDefaultInstance()).build();
        Expression.Literal.Array.Builder a = Expression.Literal.Array.newBuilder();
        for (String v : values) {
            a.addElements(string(v));
        }
        return Expression.Literal.newBuilder().setArray(a).setDataType(DataType.newBuilder()
                .setArray(DataType.Array.newBuilder().setElementType(string).setContainsNull(false))).build();
    }

    /** The doubles of an array literal, in either of the encodings the server uses. */
    static double[] doubles(Expression.Literal literal) {
        if (literal.hasSpecializedArray()) {
            return literal.getSpecializedArray().getDoubles().getValuesList().stream().mapToDouble(Double::doubleValue)
                    .toArray();
        }
        if (literal.hasArray()) {
            return literal.getArray().getElementsList().stream().mapToDouble(Expression.Literal::getDouble).toArray();
        }
        throw new IllegalArgumentException("not an array of doubles: " + literal);
    }
}
