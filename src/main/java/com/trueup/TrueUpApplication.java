package com.trueup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TrueUpApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrueUpApplication.class, args);
    }
}
