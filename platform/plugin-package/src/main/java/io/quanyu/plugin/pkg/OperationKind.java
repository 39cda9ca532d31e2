package io.quanyu.plugin.pkg;

/** Whether an operation reads ({@code query}) or changes ({@code mutation}) data; it decides its GraphQL root type. */
public enum OperationKind {
    QUERY,
    MUTATION
}
