package org.metergate.cli;
public class Metergate { public static void main(String[] a) { System.out.println("hi"); } }
